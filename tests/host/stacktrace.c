/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host build of dump_stack() (<mhv/stacktrace.h>): the host's own backtrace,
 * appended to the captured log like a printk.
 */
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <mhv/stacktrace.h>
#include "harness.h"

void dump_stack(void)
{
    void *frames[32];
    char line[256];
    char **names;
    int i, n;

    n = backtrace(frames, 32);
    names = backtrace_symbols(frames, n);
    host_log_append("Call trace (host):\n");
    for (i = 1; i < n; i++) {
        snprintf(line, sizeof(line), "   [<%p>] %s\n", frames[i],
                 names ? names[i] : "?");
        host_log_append(line);
    }
    free(names);
}
