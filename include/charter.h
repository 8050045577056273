/**
 * # charter.h — the whole public API of libcharter
 *
 * Keep an organization's founding text in a git repository and record each
 * amendment a convention adopts as a signed commit. Read
 * `charter/common.h` first: it states the conventions every function
 * follows (return codes, errors, ownership).
 */
#ifndef CHARTER_H
#define CHARTER_H

#include "charter/common.h"
#include "charter/store.h"
#include "charter/document.h"
#include "charter/amend.h"
#include "charter/trust.h"
#include "charter/redline.h"
#include "charter/office.h"
#include "charter/history.h"
#include "charter/site.h"
#include "charter/booklet.h"

#endif
