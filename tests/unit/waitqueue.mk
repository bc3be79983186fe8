# SPDX-License-Identifier: GPL-2.0
# The wait queues (common/waitqueue.c) with host threads as CPUs: a wait's
# life, a vCPU going down while queued or while another CPU wakes it.
$(eval $(call unit-test,test_waitqueue,tests/unit/test_waitqueue.c common/waitqueue.c common/softirq.c $(LOCK_SRCS)))
