/* SPDX-License-Identifier: GPL-2.0 */
/* Names of error numbers, for log lines. */
#include <mhv/errno.h>
#include <mhv/compiler.h>
#include <mhv/types.h>

#define E(x) [x] = #x
static const char *const names[] = {
    E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
    E(EBADF), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY),
    E(EEXIST), E(ENODEV), E(EINVAL), E(ENOSPC), E(ERANGE), E(EDEADLK),
    E(ENOSYS), E(ENOTEMPTY), E(EOPNOTSUPP), E(ETIMEDOUT),
};
#undef E

const char *errno_name(int err)
{
    if (err < 0)
        err = -err;
    if ((unsigned int)err < ARRAY_SIZE(names))
        return names[err];
    return NULL;
}
