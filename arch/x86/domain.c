/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 domains and vCPUs by guest kind (see <asm/domain.h>): each arch_*()
 * call goes to the kind's code, and the CPU side of every domain's map
 * (<mhv/gpmap.h>) is registered here, for the kind to build its tables
 * from.
 */
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/gpmap.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <asm/domain.h>
#include <asm/guest_access.h>
#include <asm/pv/domain.h>
#include <asm/pv/mm.h>
#include <asm/pv/gaddr.h>
#include <asm/page.h>
#include <asm/cpu.h>
#include <asm/fpu.h>
#ifdef CONFIG_HVM
#include <asm/hvm/domain.h>
#include <asm/hvm/vcpu.h>
#endif

static enum guest_kind kind_of(const struct domain *d)
{
    return d->arch.kind;
}

/*
 * HVM branches: each case below calls the HVM code (arch/x86/hvm/) when
 * it is built, else falls to no_such_kind() like a kind never created.
 */
#ifdef CONFIG_HVM
#define HVM(call) return call
#else
#define HVM(call) break
#endif

/* A domain of a kind this build has no code for cannot exist. */
static void __noreturn no_such_kind(const struct domain *d)
{
    panic("d%u: guest kind %d not built in", d->domain_id, kind_of(d));
}

int arch_domain_create(struct domain *d, enum guest_kind kind)
{
    d->arch.kind = kind;
    switch (kind) {
    case GUEST_PV:
        return pv_domain_create(d);
    case GUEST_HVM:
#ifdef CONFIG_HVM
        return hvm_arch_domain_create(d);
#else
        break;
#endif
    }
    return -EOPNOTSUPP;
}

unsigned long arch_domain_destroy(struct domain *d)
{
    switch (kind_of(d)) {
    case GUEST_PV:
        return pv_domain_destroy(d);
    case GUEST_HVM:
        HVM(hvm_arch_domain_destroy(d));
    }
    no_such_kind(d);
}

int arch_vcpu_init(struct vcpu *v, const struct vcpu_start *start)
{
    v->arch.fpu = fpu_alloc();
    if (!v->arch.fpu)
        return -ENOMEM;
    switch (kind_of(v->domain)) {
    case GUEST_PV:
        pv_vcpu_init(v, start);
        return 0;
    case GUEST_HVM:
        HVM(hvm_vcpu_init(v));
    }
    no_such_kind(v->domain);
}

void arch_vcpu_destroy(struct vcpu *v)
{
    fpu_free(v->arch.fpu);
    v->arch.fpu = NULL;
#ifdef CONFIG_HVM
    if (kind_of(v->domain) == GUEST_HVM)
        hvm_vcpu_destroy(v);
#endif
}

bool arch_vcpu_has_work(struct vcpu *v)
{
    switch (kind_of(v->domain)) {
    case GUEST_PV:
        return false;       /* its events are the domain's shared info */
    case GUEST_HVM:
        HVM(hvm_vcpu_has_work(v));
    }
    no_such_kind(v->domain);
}

bool arch_vcpu_reap(struct vcpu *v)
{
    switch (kind_of(v->domain)) {
    case GUEST_PV:
        return true;        /* one vCPU a domain */
    case GUEST_HVM:
        HVM(hvm_vcpu_reap(v));
    }
    no_such_kind(v->domain);
}

void arch_context_switch(struct vcpu *prev, struct vcpu *next)
{
    ASSERT(prev != next);
    if (prev) {
        switch (kind_of(prev->domain)) {
        case GUEST_PV:
            pv_context_save(prev);
            break;
        case GUEST_HVM:
#ifdef CONFIG_HVM
            hvm_vcpu_put(prev);
            break;
#else
            no_such_kind(prev->domain);
#endif
        }
    }
    fpu_context_switch(prev ? prev->arch.fpu : NULL, next ? next->arch.fpu : NULL);
    if (!next) {
        /* The idle loop never runs on a domain's tables (a dead domain's
         * are freed once its CPU left them). */
        write_cr3(__pa(idle_pg_table));
        return;
    }
    switch (kind_of(next->domain)) {
    case GUEST_PV:
        pv_context_load(next);
        return;
    case GUEST_HVM:
#ifdef CONFIG_HVM
        /* The host side of an HVM vCPU runs on the hypervisor's tables:
         * never on a PV domain's, which may be freed meanwhile. */
        if (read_cr3() != __pa(idle_pg_table))
            write_cr3(__pa(idle_pg_table));
        hvm_vcpu_load(next);
        return;
#else
        break;
#endif
    }
    no_such_kind(next->domain);
}

void arch_vcpu_resume(struct vcpu *v)
{
    switch (kind_of(v->domain)) {
    case GUEST_PV:
        pv_vcpu_resume(v);
    case GUEST_HVM:
#ifdef CONFIG_HVM
        hvm_vcpu_resume(v);
#else
        break;
#endif
    }
    no_such_kind(v->domain);
}

void arch_set_hypercall_result(struct vcpu *v, long ret)
{
    ASSERT(v == current_vcpu());
    switch (kind_of(v->domain)) {
    case GUEST_PV:
        guest_regs()->rax = (u64)ret;
        return;
    case GUEST_HVM:
        break;
    }
    no_such_kind(v->domain);
}

void arch_hypercall_restart(struct vcpu *v)
{
    ASSERT(v == current_vcpu());
    switch (kind_of(v->domain)) {
    case GUEST_PV:
        pv_hypercall_restart(v);
        return;
    case GUEST_HVM:
        break;
    }
    no_such_kind(v->domain);
}

int arch_gaddr_alloc(struct domain *d, enum gpmap_type type, u64 bytes,
                     u64 *gaddr)
{
    switch (kind_of(d)) {
    case GUEST_PV:
        return pv_gaddr_alloc(d, type, bytes, gaddr);
    case GUEST_HVM:
        /* An HVM guest's guest-physical layout is its platform's
         * (<asm/hvm/memory.h>): nothing is placed behind its back. */
        return -EOPNOTSUPP;
    }
    no_such_kind(d);
}

/* ------------------------------------------------------------ guest memory */

int copy_from_guest(void *dst, unsigned long src, size_t len)
{
    struct vcpu *v = current_vcpu();

    ASSERT(v);
    switch (kind_of(v->domain)) {
    case GUEST_PV:
        return pv_copy_from_guest(dst, src, len);
    case GUEST_HVM:
        return -EFAULT;     /* no hypercalls: nothing copies from one */
    }
    no_such_kind(v->domain);
}

int copy_to_guest(unsigned long dst, const void *src, size_t len)
{
    struct vcpu *v = current_vcpu();

    ASSERT(v);
    switch (kind_of(v->domain)) {
    case GUEST_PV:
        return pv_copy_to_guest(dst, src, len);
    case GUEST_HVM:
        return -EFAULT;
    }
    no_such_kind(v->domain);
}

/* ------------------------------------------------------------ the map's CPU side */

static int cpu_map(struct domain *d, const struct gpmap_range *r)
{
    switch (kind_of(d)) {
    case GUEST_PV:
        return pv_mm_map(d, r);
    case GUEST_HVM:
        HVM(hvm_p2m_map(d, r));
    }
    no_such_kind(d);
}

/* The CPU side is confirmed by the caller's gpmap_flush_tlb(). */
static int cpu_unmap(struct domain *d, const struct gpmap_range *r)
{
    switch (kind_of(d)) {
    case GUEST_PV:
        pv_mm_unmap(d, r);
        return 0;
    case GUEST_HVM:
#ifdef CONFIG_HVM
        hvm_p2m_unmap(d, r);
        return 0;
#else
        break;
#endif
    }
    no_such_kind(d);
}

static void cpu_flush_tlb(struct domain *d)
{
    switch (kind_of(d)) {
    case GUEST_PV:
        pv_mm_flush_tlb(d);
        return;
    case GUEST_HVM:
#ifdef CONFIG_HVM
        hvm_p2m_flush(d);
        return;
#else
        break;
#endif
    }
    no_such_kind(d);
}

static unsigned long cpu_destroy_tables(struct domain *d)
{
    switch (kind_of(d)) {
    case GUEST_PV:
        return pv_mm_destroy_user(d);
    case GUEST_HVM:
        HVM(hvm_p2m_destroy(d));
    }
    no_such_kind(d);
}

/* No vCPU of @d runs (gpmap_destroy()'s @pre): no CPU reaches its memory. */
static int cpu_destroy(struct domain *d, unsigned long *freed)
{
    *freed += cpu_destroy_tables(d);
    return 0;
}

GPMAP_CONSUMER(cpu, .map = cpu_map, .unmap = cpu_unmap,
               .flush_tlb = cpu_flush_tlb, .destroy = cpu_destroy);
