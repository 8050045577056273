#!/bin/sh
# Print libcharter(3): the public headers' own comments (they are the
# manual) and every function's declaration, in the order charter.h
# includes them. Usage: man-libcharter.sh INCLUDE_DIR VERSION
set -eu
inc=$1 version=$2
printf '.TH "LIBCHARTER" 3 "" "charter %s" "charter manual"\n' "$version"
printf '.SH NAME\nlibcharter \\- keep a founding text in git: the C library behind charter(1)\n'
printf '.SH SYNOPSIS\n.nf\n.B #include <charter.h>\n.PP\ncc prog.c $(pkg\\-config \\-\\-cflags \\-\\-libs charter)\n'
printf 'find_package(charter) and target_link_libraries(prog charter::charter) in CMake\n.fi\n'
headers=$(sed -n 's|^#include "\(charter/[a-z]*\.h\)"|\1|p' "$inc/charter.h")
for h in $headers; do
	awk '
	function esc(s) { sub(/^[ \t]+/, "", s); gsub(/\\/, "\\e", s); gsub(/`/, "", s); sub(/^[.'"'"']/, "\\\\\\&&", s); return s }
	function flush_comment() { text = ""; }
	BEGIN { incomment = 0; first = 1; text = ""; decl = "" }
	/^\/\*\*/ && !indecl {
		incomment = 1; text = ""
		line = $0; sub(/^\/\*\*[ ]?/, "", line)
		if (line ~ /\*\/[ ]*$/) { sub(/[ ]*\*\/[ ]*$/, "", line); incomment = 0 }
		if (line != "") text = line
		if (!incomment) done_comment()
		next
	}
	incomment {
		line = $0
		end = line ~ /\*\//
		sub(/[ ]*\*\/.*$/, "", line); sub(/^[ \t]*\*[ ]?/, "", line)
		text = text (text == "" ? "" : "\n") line
		if (end) { incomment = 0; done_comment() }
		next
	}
	function done_comment() {
		if (first && text ~ /^# /) {
			first = 0
			n = split(text, L, "\n")
			title = L[1]; sub(/^# /, "", title)
			print ".SH \"" toupper(esc(title)) "\""
			for (i = 2; i <= n; i++) {
				l = L[i]
				if (l == "") print ".PP"
				else if (l ~ /^## /) { sub(/^## /, "", l); print ".SS \"" esc(l) "\"" }
				else if (l ~ /^- /) { sub(/^- /, "", l); print ".IP \\(bu 2"; print esc(l) }
				else print esc(l)
			}
			text = ""
			return
		}
		if (text ~ /^## /) {
			n = split(text, L, "\n"); l = L[1]; sub(/^## /, "", l)
			print ".SS \"" esc(l) "\""
			for (i = 2; i <= n; i++) {
				l = L[i]
				if (l == "") print ".PP"
				else if (l ~ /^- /) { sub(/^- /, "", l); print ".IP \\(bu 2"; print esc(l) }
				else print esc(l)
			}
			text = ""
		}
		pending = text
	}
	/^CHARTER_EXTERN\(/ { indecl = 1; decl = "" }
	indecl {
		line = $0; gsub(/^[ \t]+/, " ", line)
		decl = decl line
		if (line ~ /;[ ]*$/) {
			indecl = 0
			sub(/CHARTER_EXTERN\(/, "", decl); sub(/\)/, "", decl)
			print ".TP"
			print ".B \"" esc(decl) "\""
			if (pending != "") {
				n = split(pending, L, "\n")
				for (i = 1; i <= n; i++) {
					l = L[i]
					if (l == "") print ".br"
					else if (l ~ /^- /) { sub(/^- /, "", l); print ".br"; print "\\(bu " esc(l) }
					else print esc(l)
				}
			}
			pending = ""
		}
		next
	}
	/^[ \t]*$/ { next }
	{ if ($0 !~ /^#/) pending = "" }
	' "$inc/$h"
done
printf '.SH SEE ALSO\n.BR charter (1),\n.BR git (1)\n'
