/* SPDX-License-Identifier: GPL-2.0 */
/* A domain's command line, word by word (see cmdline.h). */
#include "cmdline.h"
#include "runtime.h"

bool cmdline_value(const char *cmdline, const char *key, char *buf,
                   size_t size)
{
    size_t klen = strlen(key);
    const char *p = cmdline;

    while (*p) {
        while (*p == ' ')
            p++;
        if (!strncmp(p, key, klen) && p[klen] == '=') {
            size_t n = 0;

            p += klen + 1;
            while (p[n] && p[n] != ' ')
                n++;
            if (n >= size)
                n = size - 1;
            memcpy(buf, p, n);
            buf[n] = '\0';
            return true;
        }
        while (*p && *p != ' ')
            p++;
    }
    return false;
}

/* True when @cmdline has the word @word. */
bool cmdline_has(const char *cmdline, const char *word)
{
    size_t len = strlen(word);
    const char *p = cmdline;

    while (*p) {
        while (*p == ' ')
            p++;
        if (!strncmp(p, word, len) && (p[len] == ' ' || !p[len]))
            return true;
        while (*p && *p != ' ')
            p++;
    }
    return false;
}
