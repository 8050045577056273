/* The one HTML escaper, and the one page shell and stylesheet of every
 * HTML page charter writes: the single pages of export, history, diff,
 * blame and amendment, and the pages of `charter site`. */
#include <stdbool.h>
#include <string.h>

#include "base/html.h"
#include "base/internal.h"

/* Colours checked for a contrast of at least 4.5:1 against their
 * background, light and dark. Insertions are bold on a tint and never
 * underlined (an underline reads as a link); deletions are struck through:
 * both read without colour, on screen and on paper. */
static const char stylesheet[] =
	":root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--muted:#4a4a4a;--link:#0b4f9c;--rule:#c8c8c8;"
	"--ins-fg:#0d4a1f;--ins-bg:#e3f4e6;--del-fg:#8a1111;--del-bg:#fbe9e9;--note-bg:#f3f3f3;--mark:#5a3d00}\n"
	"@media (prefers-color-scheme:dark){:root{--fg:#e6e6e6;--bg:#141414;--muted:#b8b8b8;--link:#8cc4ff;"
	"--rule:#555;--ins-fg:#c9f2d2;--ins-bg:#12391d;--del-fg:#ffc4c4;--del-bg:#3d1515;--note-bg:#222;--mark:#f5d58a}}\n"
	"*{box-sizing:border-box}\n"
	"html{-webkit-text-size-adjust:100%}\n"
	"body{font-family:Georgia,'Times New Roman',serif;max-width:46em;margin:0 auto;padding:1em;line-height:1.55;"
	"color:var(--fg);background:var(--bg);overflow-wrap:break-word}\n"
	"a{color:var(--link)}a:focus{outline:2px solid var(--link);outline-offset:2px}\n"
	"h1{font-size:1.9em;line-height:1.2}h2{margin-top:1.6em}h1,h2,h3,h4{font-family:system-ui,sans-serif}\n"
	"code,pre{font-family:ui-monospace,monospace;font-size:.9em}code{overflow-wrap:anywhere}\n"
	"pre{white-space:pre-wrap}\n"
	"footer,.meta{color:var(--muted);font-size:.92em}\n"
	"del{color:var(--del-fg);background:var(--del-bg);text-decoration:line-through}\n"
	"ins{color:var(--ins-fg);background:var(--ins-bg);text-decoration:none;font-weight:bold}\n"
	"del.typo,ins.typo{color:var(--muted);background:none;font-weight:normal}ins.typo{text-decoration:none}\n"
	"ins.moved-words{color:var(--fg);background:none;font-weight:normal;text-decoration:underline dotted}\n"
	".legend{border:1px solid var(--rule);padding:.3em .6em;font-size:.92em}\n"
	".moved{border-left:3px solid var(--rule);padding-left:.6em}\n"
	".moved-away{color:var(--muted);font-style:italic}\n"
	".moved-note{color:var(--muted);font-style:italic;font-size:.85em;margin:0 .3em}\n"
	"nav.site{font-family:system-ui,sans-serif;border-bottom:1px solid var(--rule);padding-bottom:.4em}\n"
	"nav.site ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.3em 1.1em}\n"
	".skip{position:absolute;left:-999em}.skip:focus{position:static}\n"
	"dl.record{display:grid;grid-template-columns:minmax(7em,max-content) 1fr;gap:.2em 1em}\n"
	"dl.record dt{font-weight:bold}dl.record dd{margin:0}\n"
	".blk{display:grid;grid-template-columns:2.4em minmax(0,1fr);margin:1em 0}.blk>:not(.ln){margin-top:0;margin-bottom:0}\n"
	"a.ln{color:var(--muted);font-family:system-ui,sans-serif;font-size:.75em;text-decoration:none;padding-top:.3em}\n"
	".para{display:grid;grid-template-columns:1fr;gap:.2em}\n"
	".notes{margin:0 0 1em;padding:.3em .6em;list-style:none;background:var(--note-bg);font-size:.88em}\n"
	"sup.mark a{color:var(--mark);font-family:system-ui,sans-serif;font-weight:bold;text-decoration:none}\n"
	"@media (min-width:60em){body{max-width:62em}.para{grid-template-columns:1fr 15em;gap:1.5em}"
	".notes{margin:0;background:none;border-left:2px solid var(--rule)}}\n"
	".state{font-family:system-ui,sans-serif;font-weight:bold}\n"
	"@media print{@page{margin:18mm}body{max-width:none;padding:0;font-size:11pt;color:#000;background:#fff}"
	"nav,.skip,.noprint{display:none}a{color:#000}"
	"a[href]:not([href^='#']):not(.ln):not(.noprint)::after{content:' <' attr(href) '>';font-size:.85em;"
	"overflow-wrap:anywhere}"
	"sup.mark a::after{content:none}ins{color:#000;background:none}del{color:#000;background:none}"
	"h1,h2,h3{break-after:avoid}}\n";

const char *html_stylesheet(void)
{
	return stylesheet;
}

/* The one HTML and XML escaper: &, <, > and " always; ' too when `apos`;
 * with `xml`, the characters XML 1.0 forbids (C0 controls other than TAB,
 * LF and CR; U+FFFE and U+FFFF) are left out. */
static void escape(buf *b, const char *s, size_t len, bool apos, bool xml)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (xml && c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			continue;
		if (xml && c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBF &&
		    ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
			i += 2;
			continue;
		}
		switch (s[i]) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'':
			if (apos) {
				buf_puts(b, "&#39;");
				break;
			}
			/* fall through */
		default: buf_putc(b, s[i]);
		}
	}
}

void html_escape(buf *b, const char *s, size_t len)
{
	escape(b, s, len, false, false);
}

void html_escape_attr(buf *b, const char *s)
{
	escape(b, s, strlen(s), true, false);
}

void xml_escape(buf *b, const char *s, size_t len)
{
	escape(b, s, len, true, true);
}

void html_escape_str(buf *b, const char *s)
{
	if (s)
		html_escape(b, s, strlen(s));
}

void html_page_open(buf *b, const char *title, const html_shell *shell)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_escape_str(b, title);
	buf_puts(b, "</title>\n");
	if (shell && shell->root) {
		buf_printf(b, "<link rel=\"stylesheet\" href=\"%sstyle.css\">\n", shell->root);
		if (shell->feed_title) {
			buf_printf(b, "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"%sfeed.xml\" title=\"",
				shell->root);
			html_escape_str(b, shell->feed_title);
			buf_puts(b, "\">\n");
		}
		if (shell->extra_css)
			buf_printf(b, "<style>\n%s</style>\n", shell->extra_css);
	} else {
		buf_printf(b, "<style>\n%s%s</style>\n", stylesheet, shell && shell->extra_css ? shell->extra_css : "");
	}
	buf_puts(b, "</head>\n<body>\n");
	if (shell && shell->nav)
		buf_puts(b, shell->nav);
	buf_puts(b, "<main id=\"main\">\n");
}

void html_page_begin(buf *b, const char *title, const char *extra_css)
{
	html_shell shell = { NULL, NULL, extra_css, NULL };
	html_page_open(b, title, &shell);
}

void html_page_end(buf *b)
{
	buf_puts(b, "</main>\n</body>\n</html>\n");
}

void html_redline_legend(buf *b)
{
	buf_puts(b, "<p class=\"legend\">How to read the changes: <del>struck through</del> is removed, "
		"<ins>bold on a tint</ins> is inserted, <del class=\"typo\">'</del><ins class=\"typo\">’</ins> in "
		"grey is a change of typography only (quotes, dashes, spaces), <ins class=\"moved-words\">underlined with dots</ins> "
		"is moved here unchanged (from where it is struck); everything else is unchanged.</p>\n");
}

bool html_has_redline(const char *s)
{
	return strstr(s, "<ins>") || strstr(s, "<del>") || strstr(s, "class=\"typo\"") || strstr(s, "class=\"moved");
}

void html_shift_headings(buf *b, const char *s, int by)
{
	while (*s) {
		const char *lt = strchr(s, '<');
		if (!lt) {
			buf_puts(b, s);
			return;
		}
		buf_put(b, s, (size_t)(lt - s));
		bool close = lt[1] == '/';
		const char *h = lt + 1 + close;
		if ((h[0] == 'h' || h[0] == 'H') && h[1] >= '1' && h[1] <= '6' && (h[2] == '>' || h[2] == ' ')) {
			int level = h[1] - '0' + by;
			if (level > 6)
				level = 6;
			if (level < 1)
				level = 1;
			buf_printf(b, "<%sh%d", close ? "/" : "", level);
			s = h + 2;
		} else {
			buf_putc(b, '<');
			s = lt + 1;
		}
	}
}

int charter_html_page(char **out, size_t *out_len, const char *title, const char *body)
{
	buf b = BUF_INIT;
	*out = NULL;
	html_page_begin(&b, title, NULL);
	/* A legend wherever a redline appears: after the page's heading. */
	const char *end_h1 = html_has_redline(body) ? strstr(body, "</h1>") : NULL;
	if (end_h1) {
		end_h1 += 5;
		if (*end_h1 == '\n')
			end_h1++;
		buf_put(&b, body, (size_t)(end_h1 - body));
		html_redline_legend(&b);
		buf_puts(&b, end_h1);
	} else {
		if (html_has_redline(body))
			html_redline_legend(&b);
		buf_puts(&b, body);
	}
	html_page_end(&b);
	return buf_hand_over(&b, out, out_len);
}
