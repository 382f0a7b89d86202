/* SPDX-License-Identifier: EUPL-1.2 */
/* page_about.c: the accessibility statement (/toegankelijkheid) and the
 * privacy statement (/privacy), both required for a Dutch government site. */
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "pages/pages.h"

static void para(struct req *r, const char *text)
{
	html_fmt(&r->out, "<p class=\"utrecht-paragraph\">%s</p>", text);
}

static void heading(struct req *r, const char *text)
{
	html_fmt(&r->out, "<h2 class=\"utrecht-heading-2\">%s</h2>", text);
}

int page_accessibility(struct req *r)
{
	page_begin(r, _("Accessibility statement"));
	html_fmt(&r->out, "<h1 class=\"utrecht-heading-1\">%s</h1>", _("Accessibility statement"));
	para(r, _("We want everyone to be able to use wijkbasis: with a keyboard, with a screen reader, on a cheap phone and without JavaScript."));
	heading(r, _("What we do"));
	para(r, _("Every page is built to meet WCAG 2.1 level AA. Each page is checked automatically with axe-core in a real browser every time the software changes, with and without JavaScript."));
	para(r, _("Maps and charts always come with a table or list that holds the same information."));
	heading(r, _("What is not yet good"));
	para(r, _("Automatic checks find only part of the problems. Tests with screen reader users still have to be done."));
	heading(r, _("Report a problem"));
	para(r, _("Is something hard to use? Tell the gemeente through its usual contact channels. You will get an answer within two weeks."));
	page_end(r);
	return 200;
}

int page_privacy(struct req *r)
{
	page_begin(r, _("Privacy statement"));
	html_fmt(&r->out, "<h1 class=\"utrecht-heading-1\">%s</h1>", _("Privacy statement"));
	para(r, _("You can use wijkbasis without an account. We do not track you and use no analytics or advertising cookies."));
	heading(r, _("Cookies"));
	para(r, _("We use only necessary cookies: one that protects forms against misuse, one that remembers your language, and for staff one that keeps them logged in."));
	heading(r, _("What we keep"));
	para(r, _("When you suggest something for the social map, we keep what you fill in. We only show contact details of a person if that person chose so. A resident's talent is only shown with their consent."));
	para(r, _("Figures about groups are never shown for groups smaller than 5 people."));
	heading(r, _("Your rights"));
	para(r, _("You may see, correct and delete what is yours. Ask the gemeente; it answers within four weeks."));
	page_end(r);
	return 200;
}
