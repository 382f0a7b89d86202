/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_budget_mail.c: POST /buurtbudget/{id}/codes-email: "codes by e-mail".
 * Staff paste e-mail addresses; each address gets a fresh one-time vote code
 * through the configured mail command. The addresses are NEVER stored or
 * logged: they live in this request's memory only.
 *
 * The mail command is run as `/bin/sh -c COMMAND wijkbasis-mail ADDRESS`,
 * so the address is "$1" and never parsed by the shell; the message (a
 * Subject line, a blank line, the text) comes on standard input, from a
 * temporary file (no pipe, so a command that does not read cannot block or
 * signal the server). It is configured with `serve --mail-command`; without
 * it the page says mail is not configured and offers the printable sheet.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "budget/budget_store.h"
#include "budget/budget_web.h"
#include "html/html.h"
#include "html/layout.h"
#include "i18n/i18n.h"
#include "util/log.h"
#include "util/text.h"

extern char **environ;

#define MAX_ADDRESSES 2000

const char *budget_mail_command(const struct req *r)
{
	return r->app && r->app->cfg ? r->app->cfg->mail_command : NULL;
}

/* A plain address check: one @, a dot in the domain, no spaces or control
 * characters, not starting with '-'. Good enough to catch typing errors. */
static bool valid_address(const char *s)
{
	size_t n = strlen(s);
	const char *at = strchr(s, '@');
	if (n < 5 || n > 254 || !at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
	    s[0] == '-' || s[n - 1] == '.')
		return false;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c >= 127 || strchr("\"(),:;<>[\\]", c))
			return false;
	}
	return true;
}

/* Splits the pasted text on white space, commas and semicolons. Returns the
 * number of addresses (duplicates removed), or -1 with *bad set to the first
 * invalid one, or -2 when there are too many. */
static int split_addresses(struct req *r, const char *text, const char ***out, const char **bad)
{
	const char **v = arena_calloc(r->arena, MAX_ADDRESSES + 1, sizeof *v);
	char *copy = arena_strdup(r->arena, text), *save = NULL;
	int n = 0;
	for (char *t = strtok_r(copy, " \t\r\n,;", &save); t; t = strtok_r(NULL, " \t\r\n,;", &save)) {
		if (!valid_address(t)) {
			*bad = t;
			return -1;
		}
		bool dup = false;
		for (int i = 0; i < n && !dup; i++)
			dup = strcasecmp(v[i], t) == 0;
		if (dup)
			continue;
		if (n == MAX_ADDRESSES)
			return -2;
		v[n++] = t;
	}
	*out = v;
	return n;
}

/* Runs the mail command for one address; true when it exited with 0. */
static bool send_one(const char *cmd, const char *address, const char *message)
{
	char path[] = "/tmp/wb-mail-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return false;
	unlink(path); /* the open descriptor keeps it; nothing stays on disk */
	size_t len = strlen(message);
	bool ok = write(fd, message, len) == (ssize_t)len && lseek(fd, 0, SEEK_SET) == 0;
	pid_t pid = 0;
	if (ok) {
		posix_spawn_file_actions_t fa;
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_adddup2(&fa, fd, 0);
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		char *argv[] = {"/bin/sh", "-c", (char *)cmd, "wijkbasis-mail", (char *)address, NULL};
		ok = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ) == 0;
		posix_spawn_file_actions_destroy(&fa);
	}
	close(fd);
	if (!ok)
		return false;
	int status = 0;
	if (waitpid(pid, &status, 0) != pid)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static const char *message_for(struct req *r, const struct bs_round *rd, const char *code)
{
	return arena_printf(
		r->arena, "Subject: %s: %s\n\n%s\n\n%s %s\n\n%s %s\n\n%s\n",
		_("Your vote code"), rd->title, _("Dear resident,"), _("Your vote code:"), code,
		_("Vote at"),
		req_absolute_url(r, arena_printf(r->arena, "/buurtbudget/%lld/stemmen", rd->id)),
		_("The code counts once. We did not keep your e-mail address."));
}

int budget_post_codes_email(struct req *r)
{
	struct bs_round rd;
	int st = budget_load_round(r, &rd);
	if (st)
		return st;
	const char *text = req_form(r, "addresses");
	text = text ? text : "";
	const char *cmd = budget_mail_command(r);
	if (!cmd)
		return budget_show_codes(r, &rd, "100", NULL, text,
					 _("Mail is not configured on this server. Use the printable "
					   "sheet instead."),
					 409);
	const char **addr = NULL, *bad = NULL;
	int n = split_addresses(r, text, &addr, &bad);
	if (n == -1)
		return budget_show_codes(r, &rd, "100", NULL, text,
					 arena_printf(r->arena,
						      _("This is not an e-mail address: %s. Correct it "
							"and send again."),
						      bad),
					 422);
	if (n < 0)
		return budget_show_codes(r, &rd, "100", NULL, text,
					 _("Paste at most 2000 addresses at a time."), 422);
	if (n == 0)
		return budget_show_codes(r, &rd, "100", NULL, text,
					 _("Paste one or more e-mail addresses."), 422);
	if (strcmp(rd.phase, "uitslag") == 0)
		return budget_show_codes(r, &rd, "100", NULL, text, _("This round is closed."), 409);
	char **codes;
	if (bs_codes_generate(r->db, r->arena, rd.id, n, &codes))
		return resp_error_page(r, 500, _("The codes could not be made."));
	int sent = 0;
	for (int i = 0; i < n; i++)
		sent += send_one(cmd, addr[i], message_for(r, &rd, codes[i]));
	/* Counts only: never an address in the log. */
	log_info("budget", "round %lld: %d of %d vote codes sent by mail", rd.id, sent, n);
	struct buf *b = &r->out;
	page_begin(r, _("Codes sent"));
	html_fmt(b, "<h1 class=\"utrecht-heading-1\">%s</h1><p class=\"utrecht-paragraph\">%s</p>",
		 _("Codes sent"),
		 arena_printf(r->arena, _("%d of %d codes have been sent. The addresses have not been kept."),
			      sent, n));
	if (sent < n)
		html_fmt(b, "<div class=\"utrecht-alert\" role=\"alert\"><p class=\"utrecht-paragraph\">%s"
			    "</p></div>",
			 _("Some codes could not be sent. Nobody knows those codes, so they cannot be "
			   "used. Send those residents a new code or give them one from a printed sheet."));
	html_fmt(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/buurtbudget/%lld/codes\">"
		    "%s</a></p>",
		 rd.id, _("Back to the vote codes"));
	page_end(r);
	return 200;
}
