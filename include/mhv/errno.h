/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error numbers.  Values follow Linux/Xen so that results read the same in
 * every tool; hypercalls return them negated.
 */
#ifndef MHV_ERRNO_H
#define MHV_ERRNO_H

#define EPERM    1
#define ENOENT   2
#define ESRCH    3
#define EINTR    4
#define EIO      5
#define ENXIO    6
#define E2BIG    7
#define EBADF    9
#define EAGAIN  11
#define ENOMEM  12
#define EACCES  13
#define EFAULT  14
#define EBUSY   16
#define EEXIST  17
#define ENODEV  19
#define EINVAL  22
#define ENOSPC  28
#define ERANGE  34
#define EDEADLK 35
#define ENOSYS  38
#define ENOTEMPTY 39
#define EOPNOTSUPP 95
#define ETIMEDOUT 110

/*
 * Internal, never returned to a domain: the running vCPU was queued on a
 * wait queue (<mhv/waitqueue.h>); the hypercall layer makes it wait, and
 * the wait's end finishes the hypercall or issues it again.
 */
#define ERESTART 85

/* Name of an errno value ("ENODEV"), or NULL when unknown. */
const char *errno_name(int err);

#endif /* MHV_ERRNO_H */
