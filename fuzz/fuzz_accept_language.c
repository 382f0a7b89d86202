/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz_accept_language.c: libFuzzer target for accept_language_pick(). Any
 * header must give exactly "nl" or "en", without reading past its end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *header = malloc(size + 1);
	if (!header)
		return 0;
	memcpy(header, data, size);
	header[size] = '\0';
	const char *lang = accept_language_pick(header);
	if (!lang || (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0))
		abort();
	free(header);
	return 0;
}
