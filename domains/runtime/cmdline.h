/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A domain's command line (start_info's cmdline, the module's string),
 * word by word: words are separated by spaces; "key=value" words carry
 * options (domains/runtime/cmdline.c).
 */
#ifndef DOMAINS_RUNTIME_CMDLINE_H
#define DOMAINS_RUNTIME_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* The value of word "@key=..." of @cmdline into @buf (truncated to
 * @size); false if absent. */
bool cmdline_value(const char *cmdline, const char *key, char *buf,
                   size_t size);
/* True when @cmdline has the word @word. */
bool cmdline_has(const char *cmdline, const char *word);

#endif /* DOMAINS_RUNTIME_CMDLINE_H */
