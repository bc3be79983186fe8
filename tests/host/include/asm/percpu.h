/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: per-CPU data.  struct cpu_info and per_cpu_info() are
 * the real ones (<asm/percpu.h> of x86); cpu_info_array[] is defined by
 * tests/host/percpu.c.  The real this_cpu() reads %gs:0, which a host
 * thread does not set up: it is renamed out of the way and replaced by one
 * that returns the entry of the calling thread's CPU (host_set_cpu()).
 */
#ifndef HOST_ASM_PERCPU_H
#define HOST_ASM_PERCPU_H

#include <asm/smp.h>

#define this_cpu x86_this_cpu_gs_unused_on_host
#include "../../../../include/arch/x86/asm/percpu.h"
#undef this_cpu

static inline struct cpu_info *this_cpu(void)
{
    return per_cpu_info(smp_processor_id());
}

#endif /* HOST_ASM_PERCPU_H */
