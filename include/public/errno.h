/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error values returned by hypercalls (negated), for domain programs.  The
 * values are the hypervisor's (<mhv/errno.h>); keep them in step.
 */
#ifndef MHV_PUBLIC_ERRNO_H
#define MHV_PUBLIC_ERRNO_H

#define MHV_EPERM    1
#define MHV_ENOENT   2
#define MHV_ESRCH    3
#define MHV_EINTR    4
#define MHV_EIO      5
#define MHV_ENXIO    6
#define MHV_E2BIG    7
#define MHV_EBADF    9
#define MHV_EAGAIN  11
#define MHV_ENOMEM  12
#define MHV_EACCES  13
#define MHV_EFAULT  14
#define MHV_EBUSY   16
#define MHV_EEXIST  17
#define MHV_ENODEV  19
#define MHV_EINVAL  22
#define MHV_ENOSPC  28
#define MHV_ERANGE  34
#define MHV_EDEADLK 35
#define MHV_ENOSYS  38
#define MHV_ENOTEMPTY 39
#define MHV_EOPNOTSUPP 95
#define MHV_ETIMEDOUT 110

#endif /* MHV_PUBLIC_ERRNO_H */
