/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * page_static.c: GET /static/... — the stylesheets. The NL Design System CSS
 * comes from npm (node_modules); /static/theme.css is the gemeente's design
 * tokens (the config's theme_css, or the NL Design System example theme), so
 * a gemeente applies its house style by pointing at its own tokens file.
 * In production nginx may serve these instead; the cache headers are the same.
 */
#include <stdio.h>
#include <string.h>

#include "http/http.h"
#include "pages/pages.h"

#define STATIC_MAX (4 * 1024 * 1024)

static bool read_file(struct buf *out, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char chunk[16384];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && out->len < STATIC_MAX)
		buf_append(out, chunk, n);
	fclose(f);
	return true;
}

static const char *mime_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return "application/octet-stream";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (strcmp(dot, ".png") == 0)
		return "image/png";
	if (strcmp(dot, ".woff2") == 0)
		return "font/woff2";
	if (strcmp(dot, ".txt") == 0)
		return "text/plain; charset=utf-8";
	return "application/octet-stream";
}

int page_static(struct req *r)
{
	const char *name = req_param(r, 0);
	const struct config *cfg = r->app->cfg;
	/* Only plain names: no "..", no hidden files, no absolute paths. */
	if (!name || strstr(name, "..") || name[0] == '/' || name[0] == '.' || strstr(name, "/."))
		return resp_error_page(r, 404, "");
	const char *path;
	if (strcmp(name, "nlds/utrecht.css") == 0)
		path = arena_printf(r->arena, "%s/@utrecht/component-library-css/dist/index.css", cfg->node_dir);
	else if (strcmp(name, "theme.css") == 0)
		path = cfg->theme_css ? cfg->theme_css
				      : arena_printf(r->arena,
						     "%s/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css",
						     cfg->node_dir);
	else
		path = arena_printf(r->arena, "%s/%s", cfg->static_dir, name);
	if (!read_file(&r->out, path)) {
		buf_reset(&r->out);
		return resp_error_page(r, 404, "");
	}
	r->content_type = mime_type(path);
	resp_header(r, "Cache-Control", "public, max-age=86400");
	return 200;
}
