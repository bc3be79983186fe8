/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Call traces: dump_stack() prints the symbolised call trace of the caller
 * (the arch implements it; the host harness has its own).
 */
#ifndef MHV_STACKTRACE_H
#define MHV_STACKTRACE_H

void dump_stack(void);

#endif /* MHV_STACKTRACE_H */
