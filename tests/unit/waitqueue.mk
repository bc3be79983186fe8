# SPDX-License-Identifier: GPL-2.0
# The wait queues (common/waitqueue.c, compiled into the test) with host
# threads as CPUs: a wait's life, a vCPU going down while queued or while
# another CPU wakes it, the contracts.  Deferred work (common/softirq.c):
# what runs at the safe point, and the safe point's contracts.
$(eval $(call unit-test,test_waitqueue,tests/unit/test_waitqueue.c common/softirq.c $(LOCK_SRCS)))
$(eval $(call unit-test,test_softirq,tests/unit/test_softirq.c common/softirq.c $(LOCK_SRCS)))
