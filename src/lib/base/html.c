/* HTML: escaping text, and the one page shell and stylesheet around charter's fragments. */
#include <string.h>

#include "base/html.h"
#include "base/internal.h"

static const char stylesheet[] =
	"body{font-family:Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}\n"
	"h1{font-size:2em}h2{margin-top:1.6em}footer,.meta{color:#555;font-size:.9em}\n"
	"del{color:#a00;text-decoration:line-through}ins{color:#060;text-decoration:underline}\n"
	".moved{border-left:3px solid #58a;padding-left:.6em}\n";

void html_escape(buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_putc(b, s[i]);
		}
	}
}

void html_page_begin(buf *b, const char *title, const char *extra_css)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_escape(b, title, strlen(title));
	buf_printf(b, "</title>\n<style>\n%s%s</style>\n</head>\n<body>\n", stylesheet, extra_css ? extra_css : "");
}

void html_page_end(buf *b)
{
	buf_puts(b, "</body>\n</html>\n");
}

int charter_html_page(char **out, size_t *out_len, const char *title, const char *body)
{
	buf b = BUF_INIT;
	int error;
	*out = NULL;
	html_page_begin(&b, title, NULL);
	buf_puts(&b, body);
	html_page_end(&b);
	if ((error = buf_check(&b)) < 0) {
		buf_free(&b);
		return error;
	}
	if (out_len)
		*out_len = b.size;
	*out = buf_detach(&b);
	return 0;
}
