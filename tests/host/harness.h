/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers the host test harness offers to tests. */
#ifndef TESTS_HOST_HARNESS_H
#define TESTS_HOST_HARNESS_H

#include <stdbool.h>

/* Everything printk()ed since the last host_log_clear(). */
bool host_log_contains(const char *needle);
void host_log_clear(void);
void host_log_append(const char *s);



/* Make the allocation after the next @n ones fail (n < 0: never fail). */
void host_heap_fail_after(long n);
#endif
