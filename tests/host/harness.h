/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers the host test harness offers to tests. */
#ifndef TESTS_HOST_HARNESS_H
#define TESTS_HOST_HARNESS_H

#include <stdbool.h>

/* Everything printk()ed since the last host_log_clear(). */
bool host_log_contains(const char *needle);
void host_log_clear(void);
void host_log_append(const char *s);
/*
 * The bucket the last rate-limited line was counted against: a domain id
 * (gprintk_domain()), -1 for the shared bucket named explicitly, or
 * HOST_BUCKET_CONTEXT for gprintk()'s choice by the running context.
 */
#define HOST_BUCKET_CONTEXT (-2)
extern int host_log_bucket;



/* Make the allocation after the next @n ones fail (n < 0: never fail). */
void host_heap_fail_after(long n);
#endif
