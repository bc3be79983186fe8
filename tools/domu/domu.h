/* SPDX-License-Identifier: GPL-2.0 */
/* The ordinary-domain test program: its parts. */
#ifndef MHV_TOOLS_DOMU_H
#define MHV_TOOLS_DOMU_H

#include "runtime.h"
#include "libmhvctl.h"
#include "parse.h"

/*
 * privcheck.c: try every operation an ordinary domain must be refused
 * (privileged calls, devices it does not own, pointers outside its user
 * space, unknown operations), one line each:
 *   priv NAME: RESULT (expected ENAME) ok|FAILED
 * then "privilege checks: N passed, M failed".  Returns M.
 */
int privilege_checks(void);

#endif /* MHV_TOOLS_DOMU_H */
