/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Argument helpers of mhvctl's commands (args.c): decode one argument,
 * and when it is wrong print what is wrong with it and return
 * -MHV_EINVAL (or -MHV_ERANGE for a number above @max).
 */
#ifndef DOMAINS_MHVCTL_ARGS_H
#define DOMAINS_MHVCTL_ARGS_H

#include <stdint.h>

int arg_sbdf(const char *what, const char *s, uint32_t *sbdf);
int arg_uint(const char *what, const char *s, uint64_t max, uint64_t *v);

#endif /* DOMAINS_MHVCTL_ARGS_H */
