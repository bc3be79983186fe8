# SPDX-License-Identifier: GPL-2.0
# Lock primitives (common/spinlock.c, common/rwlock.c) and the lock checker
# (common/lockdep.c), with pthreads as CPUs.
$(eval $(call unit-test,test_locks,tests/unit/test_locks.c $(LOCK_SRCS)))
$(eval $(call unit-test,test_locks_debug,tests/unit/test_locks_debug.c $(LOCK_SRCS)))
$(eval $(call unit-test,test_lockdep_off,tests/unit/test_lockdep_off.c $(LOCK_SRCS)))
