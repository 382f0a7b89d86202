/* SPDX-License-Identifier: EUPL-1.2 */
/* log.h: structured log lines on stderr (logfmt: level=… mod=… msg="…"). */
#ifndef WB_UTIL_LOG_H
#define WB_UTIL_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Set once at start-up, before threads. */
void log_set_level(enum log_level l);
int log_parse_level(const char *s, enum log_level *out);
void log_msg(enum log_level l, const char *mod, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define log_error(mod, ...) log_msg(LOG_ERROR, mod, __VA_ARGS__)
#define log_warn(mod, ...) log_msg(LOG_WARN, mod, __VA_ARGS__)
#define log_info(mod, ...) log_msg(LOG_INFO, mod, __VA_ARGS__)
#define log_debug(mod, ...) log_msg(LOG_DEBUG, mod, __VA_ARGS__)

#endif
