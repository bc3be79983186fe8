/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SVM ASIDs: per CPU, handed out in order to the vCPUs that run there;
 * when none is left, a new generation starts and every vCPU gets a fresh
 * one as it next runs.
 *
 * TLB policy: a vCPU whose ASID is new (first run on this CPU, or a new
 * generation) enters with TLB_CONTROL = 1, "flush every ASID": the ASID
 * may carry translations of whoever held it before.  Flush-by-ASID (3)
 * would be finer, but QEMU's TCG ignores it, and ASIDs change rarely.
 * The other flush is the domain's: its nested tables lost a mapping
 * (svm_p2m_flush(), svm.c).
 *
 * Lock rules: per-CPU state, touched only by its CPU with interrupts off
 * (just before VMRUN).
 */
#include <asm/hvm/svm/svm.h>
#include <mhv/smp.h>
#include <mhv/bug.h>
#include <asm/irqflags.h>

struct asid_cpu {
    u32 next, max;                  /* next free ASID, one past the last */
    u64 generation;                 /* starts at 1: 0 means "never had one" */
};
static struct asid_cpu asid_cpus[NR_CPUS];

void svm_asid_init_cpu(unsigned int nr_asids)
{
    struct asid_cpu *a = &asid_cpus[smp_processor_id()];

    a->max = nr_asids;
    a->next = 1;                    /* ASID 0 is the host's */
    a->generation = 1;
}

bool svm_asid_assign(struct svm_vcpu *s)
{
    struct asid_cpu *a = &asid_cpus[smp_processor_id()];

    ASSERT(!local_irq_is_enabled());
    if (s->asid_generation == a->generation)
        return false;
    if (a->next >= a->max) {
        a->generation++;
        a->next = 1;
    }
    s->asid = a->next++;
    s->asid_generation = a->generation;
    return true;
}
