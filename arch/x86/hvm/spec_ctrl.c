/* SPDX-License-Identifier: GPL-2.0 */
/* Speculation barriers between guests (<asm/hvm/spec_ctrl.h>). */
#include <asm/hvm/spec_ctrl.h>
#include <mhv/sched.h>
#include <mhv/domain.h>
#include <mhv/smp.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>

#define MSR_PRED_CMD        0x49u
#define  PRED_CMD_IBPB      1u
#define CPUID7_EDX_IBRS_IBPB    (1u << 26)  /* Intel: IBRS and IBPB */
#define CPUID88_EBX_IBPB        (1u << 12)  /* AMD */
#define NO_DOMAIN           0xffffffffu

static bool have_ibpb;
/* The domain whose vCPU this CPU ran last (a domain id: ids are not
 * reused, so a new domain never looks like an old one). */
static u32 last_domain[NR_CPUS] = { [0 ... NR_CPUS - 1] = NO_DOMAIN };

void hvm_spec_ctrl_init(void)
{
    u32 a, b, c, d, max;

    cpuid(0, &max, &b, &c, &d);
    if (max >= 7) {
        cpuid_count(7, 0, &a, &b, &c, &d);
        have_ibpb |= !!(d & CPUID7_EDX_IBRS_IBPB);
    }
    cpuid(0x80000000, &max, &b, &c, &d);
    if (max >= 0x80000008) {
        cpuid(0x80000008, &a, &b, &c, &d);
        have_ibpb |= !!(b & CPUID88_EBX_IBPB);
    }
    printk("hvm: return stack refilled at every exit; %s\n",
           have_ibpb ? "IBPB when a CPU changes guests"
                     : "no IBPB on this processor");
}

void hvm_spec_ctrl_vcpu_load(const struct vcpu *v)
{
    unsigned int cpu = smp_processor_id();

    ASSERT(!local_irq_is_enabled());
    if (last_domain[cpu] == v->domain->domain_id)
        return;
    last_domain[cpu] = v->domain->domain_id;
    if (have_ibpb)
        wrmsr(MSR_PRED_CMD, PRED_CMD_IBPB);
}
