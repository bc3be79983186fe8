/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMD SVM: probing, per-CPU bring-up, the VMCB of a vCPU and its world
 * switch (model in <asm/hvm/svm/svm.h>).
 */
#include <asm/hvm/svm/svm.h>
#include <asm/hvm/svm/svm_asm.h>
#include <asm/hvm/domain.h>
#include <asm/hvm/vcpu.h>
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/smp.h>
#include <mhv/mm.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>
#include <asm/cpu.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/irqflags.h>

#define MSR_TSC_AUX         0xc0000103u

/*
 * The I/O permission map (12 KiB: a bit per port and the bits an access
 * crossing 0xffff looks at) with every bit set, and the MSR permission map
 * (8 KiB: a read and a write bit for each MSR of the three ranges; MSRs
 * outside them always exit) with every bit set but the list below.  One
 * of each for the whole machine: the policy is the same for every guest.
 */
#define IOPM_ORDER          2
#define MSRPM_ORDER         1
static void *iopm, *msrpm;

/*
 * The MSRs a guest reads and writes without an exit: exactly those VMLOAD
 * and VMSAVE carry, which the world switch loads and saves with the rest
 * of the guest's state, so they never hold a value of anyone else's when
 * the guest runs, nor keep the guest's when it does not.
 */
static const u32 msr_passthrough[] = {
    MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE,
    MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_FMASK,
    MSR_SYSENTER_CS, MSR_SYSENTER_ESP, MSR_SYSENTER_EIP,
};

/*
 * TSC_AUX as the host keeps it on every CPU with SVM.  The hypervisor
 * never reads it, but a PV domain can (RDTSCP and RDPID work in ring 3:
 * CR4.TSD is clear), so it holds nothing while no HVM vCPU is on the CPU:
 * a guest's value is loaded before its entries and taken away when its
 * vCPU leaves the CPU (svm_vcpu_put()).
 */
#define HOST_TSC_AUX        0

struct svm_cpu {
    void *hsave;                    /* VM_HSAVE_PA */
    void *host_area;                /* VMSAVE/VMLOAD of the host's state */
    paddr_t host_area_pa;
    u64 tsc_aux;                    /* what MSR_TSC_AUX holds now */
    bool up;
};
static struct svm_cpu svm_cpus[NR_CPUS];
static unsigned int nr_asids;

static struct svm_cpu *this_svm_cpu(void)
{
    return &svm_cpus[smp_processor_id()];
}

/* RDMSR that answers -EIO instead of faulting (a CPU without the MSR). */
static int rdmsr_safe(u32 msr, u64 *val)
{
    u32 lo = 0, hi = 0;
    int err;

    __asm__ volatile("1: rdmsr\n"
                     "   xor %k0, %k0\n"
                     "   jmp 3f\n"
                     "2: mov $-5, %k0\n"
                     "3:\n"
                     "   .pushsection .ex_table, \"a\"\n"
                     "   .balign 8\n"
                     "   .quad 1b, 2b\n"
                     "   .popsection\n"
                     : "=r"(err), "+a"(lo), "+d"(hi) : "c"(msr));
    *val = ((u64)hi << 32) | lo;
    return err;
}

static void msrpm_allow(u32 msr)
{
    u8 *pm = msrpm;
    unsigned long bit;

    if (msr < 0x2000)
        bit = msr * 2;
    else if (msr - 0xc0000000u < 0x2000)
        bit = (0x2000 + (msr - 0xc0000000u)) * 2;
    else if (msr - 0xc0010000u < 0x2000)
        bit = (0x4000 + (msr - 0xc0010000u)) * 2;
    else
        BUG();
    pm[bit / 8] &= ~(3u << (bit % 8));      /* read and write bits */
}

/* ---------------------------------------------------------------- CPUs */

static int svm_cpu_up(void)
{
    struct svm_cpu *c = this_svm_cpu();

    if (c->up)
        return 0;
    c->hsave = alloc_page_va();
    c->host_area = alloc_page_va();
    if (!c->hsave || !c->host_area) {
        if (c->hsave)
            free_page_va(c->hsave);
        if (c->host_area)
            free_page_va(c->host_area);
        c->hsave = c->host_area = NULL;
        return -ENOMEM;
    }
    c->host_area_pa = __pa(c->host_area);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    wrmsr(MSR_VM_HSAVE_PA, __pa(c->hsave));
    wrmsr(MSR_TSC_AUX, HOST_TSC_AUX);
    c->tsc_aux = HOST_TSC_AUX;
    svm_asid_init_cpu(nr_asids);
    c->up = true;
    return 0;
}

/* ---------------------------------------------------------------- domains */

static struct svm_domain *to_svm_domain(struct domain *d)
{
    return d->arch.hvm->p2m;
}

static int svm_domain_init(struct domain *d)
{
    struct svm_domain *sd = xzalloc(struct svm_domain);
    int rc;

    if (!sd)
        return -ENOMEM;
    rc = npt_init(&sd->npt);
    if (rc) {
        xfree(sd);
        return rc;
    }
    sd->flush_generation = 1;
    d->arch.hvm->p2m = sd;
    return 0;
}

BUILD_BUG_ON(HVM_P2M_WRITE != NPT_W || HVM_P2M_EXEC != NPT_X || HVM_P2M_UC != NPT_UC);

static int svm_p2m_map(struct domain *d, u64 gpa, paddr_t pa,
                       unsigned long npages, unsigned int prot)
{
    return npt_map(&to_svm_domain(d)->npt, gpa, pa, npages, prot);
}

static void svm_p2m_unmap(struct domain *d, u64 gpa, unsigned long npages)
{
    npt_unmap(&to_svm_domain(d)->npt, gpa, npages);
}

static void nothing(void *unused)
{
}

/*
 * Translations the nested tables no longer have may be in TLBs under the
 * ASIDs of the domain's vCPUs: each vCPU flushes (TLB_CONTROL) at its next
 * entry, and each other CPU one of them runs on takes an interrupt before
 * this returns, which ends any guest slice in progress there (the
 * physical-interrupt intercept).  A vCPU that enters after the new
 * generation is published sees it (the check is made with interrupts off
 * just before VMRUN; an interrupt that arrives after it makes VMRUN exit
 * at once); this CPU runs none of them in guest mode while here.  No
 * other CPU is disturbed: a guest that makes its mappings come and go
 * costs only the CPUs it already has.
 */
static unsigned int svm_p2m_flush(struct domain *d)
{
    struct svm_domain *sd = to_svm_domain(d);

    __atomic_add_fetch(&sd->flush_generation, 1, __ATOMIC_ACQ_REL);
    return smp_call_function_mask(&sd->cpus, nothing, NULL);
}

static unsigned long svm_p2m_destroy(struct domain *d)
{
    return npt_destroy(&to_svm_domain(d)->npt);
}

static void svm_domain_destroy(struct domain *d)
{
    struct svm_domain *sd = to_svm_domain(d);

    if (!sd)
        return;
    ASSERT(!sd->npt.l4);            /* svm_p2m_destroy() freed the tables */
    xfree(sd);
    d->arch.hvm->p2m = NULL;
}

/* ---------------------------------------------------------------- vCPUs */

/* Segment attributes in VMCB form from a raw GDT descriptor. */
static struct vmcb_seg seg_from_desc(u16 sel, u64 desc)
{
    u32 limit = (desc & 0xffff) | ((desc >> 32) & 0xf0000);

    if (desc & (1ull << 55))
        limit = (limit << 12) | 0xfff;
    return (struct vmcb_seg){
        .sel = sel,
        .attr = (u16)(((desc >> 40) & 0xff) | (((desc >> 52) & 0xf) << 8)),
        .limit = limit,
        .base = ((desc >> 16) & 0xffffff) | (((desc >> 56) & 0xff) << 24),
    };
}

static void set_common_state(struct vmcb *vmcb)
{
    struct vmcb_save *s = &vmcb->save;

    s->ldtr = (struct vmcb_seg){ .attr = VMCB_ATTR(2, 0, 0, 1, 0, 0, 0), .limit = 0xffff };
    s->dr6 = 0xffff0ff0;
    s->dr7 = 0x400;
    s->g_pat = 0x0007040600070406ull;
    vmcb->ctl.event_inj = 0;
    vmcb->ctl.int_state = 0;
}

static void svm_vcpu_reset(struct vcpu *v, bool sipi, u8 vector)
{
    struct svm_vcpu *sv = to_svm(v);
    struct vmcb *vmcb = sv->vmcb;
    struct vmcb_save *s = &vmcb->save;
    struct hvm_vcpu *h = v->arch.hvm;
    u16 data = VMCB_ATTR(3, 1, 0, 1, 0, 0, 0);     /* read/write, accessed */

    memset(s, 0, sizeof(*s));
    set_common_state(vmcb);
    memset(h->gpr, 0, sizeof(h->gpr));
    s->cs = (struct vmcb_seg){ .sel = 0xf000, .base = 0xffff0000,
                               .limit = 0xffff, .attr = VMCB_ATTR(0xb, 1, 0, 1, 0, 0, 0) };
    h->rip = 0xfff0;
    if (sipi) {
        s->cs.sel = (u16)vector << 8;
        s->cs.base = (u64)vector << 12;
        h->rip = 0;
    }
    s->ds = s->es = s->ss = s->fs = s->gs =
        (struct vmcb_seg){ .limit = 0xffff, .attr = data };
    s->gdtr.limit = s->idtr.limit = 0xffff;
    s->tr = (struct vmcb_seg){ .attr = VMCB_ATTR(3, 0, 0, 1, 0, 0, 0), .limit = 0xffff };
    s->cr0 = X86_CR0_ET | (1ull << 29) | (1ull << 30);     /* ET, NW, CD */
    s->efer = EFER_SVME;            /* the guest sees EFER without it */
    h->rflags = 0x2;
    h->gpr[HVM_RDX] = 0;            /* no family/model signature offered */
    h->efer = 0;
}

static void svm_vcpu_set_state(struct vcpu *v, const struct hvm_entry_state *st)
{
    struct vmcb *vmcb = to_svm(v)->vmcb;
    struct vmcb_save *s = &vmcb->save;
    struct hvm_vcpu *h = v->arch.hvm;

    memset(s, 0, sizeof(*s));
    set_common_state(vmcb);
    s->cs = seg_from_desc(st->cs, st->cs_desc);
    s->ds = s->es = s->ss = s->fs = s->gs = seg_from_desc(st->ds, st->ds_desc);
    s->gdtr.base = st->gdt_base;
    s->gdtr.limit = st->gdt_limit;
    s->tr = (struct vmcb_seg){ .attr = VMCB_ATTR(0xb, 0, 0, 1, 0, 0, 0), .limit = 0x67 };
    s->cr0 = st->cr0;
    s->cr3 = st->cr3;
    s->cr4 = st->cr4;
    s->efer = st->efer | EFER_SVME;
    s->cpl = 0;
    h->efer = st->efer;
    h->rip = st->rip;
    h->rflags = st->rflags | 0x2;
    memset(h->gpr, 0, sizeof(h->gpr));
    h->gpr[HVM_RSP] = st->rsp;
    h->gpr[HVM_RSI] = st->rsi;
}

static int svm_vcpu_init(struct vcpu *v)
{
    struct hvm_domain *hd = v->domain->arch.hvm;
    struct svm_domain *sd = hd->p2m;
    struct svm_vcpu *sv;
    struct vmcb_control *c;

    if (!svm_cpus[v->processor].up)
        return -ENODEV;
    sv = xzalloc(struct svm_vcpu);
    if (!sv)
        return -ENOMEM;
    sv->vmcb = alloc_page_va();
    if (!sv->vmcb) {
        xfree(sv);
        return -ENOMEM;
    }
    sv->vmcb_pa = __pa(sv->vmcb);
    sv->flush_generation = sd->flush_generation;
    v->arch.hvm->vendor = sv;
    cpumask_set_cpu(v->processor, &sd->cpus);

    c = &sv->vmcb->ctl;
    /* Exits (docs/hvm.md, "Exits"): what a guest must not do itself. */
    c->intercept0 = SVM_INTERCEPT_INTR | SVM_INTERCEPT_NMI | SVM_INTERCEPT_SMI |
                    SVM_INTERCEPT_INIT | SVM_INTERCEPT_RDPMC | SVM_INTERCEPT_CPUID |
                    SVM_INTERCEPT_RSM | SVM_INTERCEPT_INVD | SVM_INTERCEPT_HLT |
                    SVM_INTERCEPT_INVLPGA | SVM_INTERCEPT_IOIO_PROT |
                    SVM_INTERCEPT_MSR_PROT | SVM_INTERCEPT_SHUTDOWN;
    c->intercept1 = SVM_INTERCEPT_VMRUN | SVM_INTERCEPT_VMMCALL |
                    SVM_INTERCEPT_VMLOAD | SVM_INTERCEPT_VMSAVE |
                    SVM_INTERCEPT_STGI | SVM_INTERCEPT_CLGI |
                    SVM_INTERCEPT_SKINIT | SVM_INTERCEPT_WBINVD |
                    SVM_INTERCEPT_MONITOR | SVM_INTERCEPT_MWAIT |
                    SVM_INTERCEPT_MWAIT_COND | SVM_INTERCEPT_XSETBV;
    /*
     * #MC belongs to the host; #DB and #AC are reflected to the guest
     * through an exit, so a guest whose own delivery of them loops (a
     * bad IDT with DR7.GD or alignment checks: CVE-2015-5307/8104) cannot
     * keep a real CPU from taking interrupts.
     */
    c->exceptions = (1u << X86_EXC_DB) | (1u << X86_EXC_AC) | (1u << 18);
    c->iopm_pa = __pa(iopm);
    c->msrpm_pa = __pa(msrpm);
    c->tsc_offset = hd->tsc_offset;
    c->int_ctl = SVM_V_INTR_MASKING;
    c->np_ctl = SVM_NP_ENABLE;
    c->n_cr3 = npt_root(&sd->npt);
    svm_vcpu_reset(v, false, 0);
    return 0;
}

static void svm_vcpu_destroy(struct vcpu *v)
{
    struct svm_vcpu *sv = v->arch.hvm->vendor;

    if (!sv)
        return;
    free_page_va(sv->vmcb);
    xfree(sv);
    v->arch.hvm->vendor = NULL;
}

/* ---------------------------------------------------------------- running */

/* Has the domain's nested translation lost mappings since this vCPU last
 * flushed (svm_p2m_flush())? */
static bool flush_needed(struct vcpu *v, struct svm_vcpu *sv)
{
    u64 g = __atomic_load_n(&to_svm_domain(v->domain)->flush_generation,
                            __ATOMIC_ACQUIRE);

    if (sv->flush_generation == g)
        return false;
    sv->flush_generation = g;
    return true;
}

static void svm_enter(struct vcpu *v)
{
    struct svm_vcpu *sv = to_svm(v);
    struct vmcb *vmcb = sv->vmcb;
    struct hvm_vcpu *h = v->arch.hvm;
    struct svm_cpu *c = this_svm_cpu();
    u64 t0;

    ASSERT(!local_irq_is_enabled());
    vmcb->save.rax = h->gpr[HVM_RAX];
    vmcb->save.rsp = h->gpr[HVM_RSP];
    vmcb->save.rip = h->rip;
    vmcb->save.rflags = h->rflags;
    vmcb->ctl.tlb_control = SVM_TLB_FLUSH_NOTHING;
    if (svm_asid_assign(sv) | flush_needed(v, sv))
        vmcb->ctl.tlb_control = SVM_TLB_FLUSH_ALL;
    vmcb->ctl.asid = sv->asid;
    /* RDTSCP and RDPID read it: the guest's own value, not another's. */
    if (c->tsc_aux != h->tsc_aux) {
        wrmsr(MSR_TSC_AUX, h->tsc_aux);
        c->tsc_aux = h->tsc_aux;
    }

    t0 = rdtsc();
    svm_vmrun(sv->vmcb_pa, c->host_area_pa, h->gpr);
    h->guest_tsc += rdtsc() - t0;

    h->gpr[HVM_RAX] = vmcb->save.rax;
    h->gpr[HVM_RSP] = vmcb->save.rsp;
    h->rip = vmcb->save.rip;
    h->rflags = vmcb->save.rflags;
    h->last_exit_code = (u32)vmcb->ctl.exit_code;
}

static void svm_vcpu_put(struct vcpu *v)
{
    struct svm_cpu *c = this_svm_cpu();

    ASSERT(!local_irq_is_enabled());
    if (c->tsc_aux != HOST_TSC_AUX) {
        wrmsr(MSR_TSC_AUX, HOST_TSC_AUX);
        c->tsc_aux = HOST_TSC_AUX;
    }
}

static void svm_get_state(struct vcpu *v, struct hvm_cpu_state *st)
{
    const struct vmcb_save *s = &to_svm(v)->vmcb->save;

    st->cr0 = s->cr0;
    st->cr3 = s->cr3;
    st->cr4 = s->cr4;
    st->efer = s->efer & ~EFER_SVME;
    st->seg_base[0] = s->es.base;
    st->seg_base[1] = s->cs.base;
    st->seg_base[2] = s->ss.base;
    st->seg_base[3] = s->ds.base;
    st->seg_base[4] = s->fs.base;
    st->seg_base[5] = s->gs.base;
    st->cs_base = s->cs.base;
    st->cs_l = s->cs.attr & VMCB_ATTR_L;
    st->cs_db = s->cs.attr & VMCB_ATTR_DB;
    st->cpl = s->cpl;
    st->maxphyaddr = hvm_cpuid_maxphyaddr(&v->domain->arch.hvm->cpuid);
}

static bool svm_interrupt_allowed(struct vcpu *v)
{
    const struct vmcb *vmcb = to_svm(v)->vmcb;

    return (v->arch.hvm->rflags & X86_EFLAGS_IF) &&
           !(vmcb->ctl.int_state & SVM_INTERRUPT_SHADOW) &&
           !(vmcb->ctl.event_inj & SVM_EVT_VALID);
}

static bool svm_event_queued(struct vcpu *v)
{
    return to_svm(v)->vmcb->ctl.event_inj & SVM_EVT_VALID;
}

static void svm_inject(struct vcpu *v, enum hvm_event_type type, u8 vector,
                       u32 error_code)
{
    struct vmcb *vmcb = to_svm(v)->vmcb;
    u32 ev = SVM_EVT_VALID | vector;

    switch (type) {
    case HVM_EVENT_EXTINT:
        ev |= SVM_EVT_TYPE_INTR;
        break;
    case HVM_EVENT_NMI:
        ev |= SVM_EVT_TYPE_NMI;
        break;
    case HVM_EVENT_EXCEPTION:
        ev |= SVM_EVT_TYPE_EXCEPTION;
        break;
    }
    if (error_code != HVM_NO_ERROR_CODE)
        ev |= SVM_EVT_ERROR_VALID;
    /* A second exception while one is queued: hardware would make it a
     * double fault; the guest gets #DF. */
    if ((vmcb->ctl.event_inj & SVM_EVT_VALID) && type == HVM_EVENT_EXCEPTION) {
        ev = SVM_EVT_VALID | SVM_EVT_TYPE_EXCEPTION | SVM_EVT_ERROR_VALID | X86_EXC_DF;
        error_code = 0;
    }
    vmcb->ctl.event_inj = ev;
    vmcb->ctl.event_inj_err = error_code == HVM_NO_ERROR_CODE ? 0 : error_code;
}

static void svm_clear_shadow(struct vcpu *v)
{
    to_svm(v)->vmcb->ctl.int_state &= ~SVM_INTERRUPT_SHADOW;
}

static void svm_watch_iret(struct vcpu *v, bool on)
{
    struct vmcb_control *c = &to_svm(v)->vmcb->ctl;

    if (on)
        c->intercept0 |= SVM_INTERCEPT_IRET;
    else
        c->intercept0 &= ~SVM_INTERCEPT_IRET;
}

static void svm_request_window(struct vcpu *v, bool on)
{
    struct svm_vcpu *sv = to_svm(v);
    struct vmcb_control *c = &sv->vmcb->ctl;

    if (on == sv->window)
        return;
    sv->window = on;
    /*
     * A virtual interrupt the guest takes as soon as its IF allows (any
     * TPR): with the VINTR intercept it is never delivered, it only makes
     * the exit that says "now".
     */
    if (on) {
        c->int_ctl |= SVM_V_IRQ | SVM_V_IGN_TPR | (0xfull << SVM_V_INTR_PRIO_SHIFT);
        c->intercept0 |= SVM_INTERCEPT_VINTR;
    } else {
        c->int_ctl &= ~(SVM_V_IRQ | SVM_V_IGN_TPR | (0xfull << SVM_V_INTR_PRIO_SHIFT));
        c->intercept0 &= ~SVM_INTERCEPT_VINTR;
    }
}

static u64 svm_tsc_offset(struct vcpu *v)
{
    return to_svm(v)->vmcb->ctl.tsc_offset;
}

static void svm_set_tsc_offset(struct vcpu *v, u64 offset)
{
    to_svm(v)->vmcb->ctl.tsc_offset = offset;
}

/*
 * EFER as the guest may write it: SCE, LME, NXE and FFXSR; LMA follows
 * the hardware (read-only); SVME and LMSLE are not offered; LME does not
 * change while paging is on.  The VMCB's EFER always has SVME (VMRUN
 * insists), which the guest never sees.
 */
#define EFER_GUEST_WRITABLE (EFER_SCE | EFER_LME | EFER_NXE | (1ull << 14))

static int svm_set_efer(struct vcpu *v, u64 efer)
{
    struct vmcb_save *s = &to_svm(v)->vmcb->save;
    u64 cur = s->efer;

    efer &= ~EFER_LMA;
    if (efer & ~EFER_GUEST_WRITABLE)
        return -EINVAL;
    if ((s->cr0 & X86_CR0_PG) && ((efer ^ cur) & EFER_LME))
        return -EINVAL;
    s->efer = efer | (cur & EFER_LMA) | EFER_SVME;
    v->arch.hvm->efer = s->efer & ~EFER_SVME;
    return 0;
}

static void svm_set_pat(struct vcpu *v, u64 pat)
{
    to_svm(v)->vmcb->save.g_pat = pat;
}

static void svm_set_cr2(struct vcpu *v, u64 cr2)
{
    to_svm(v)->vmcb->save.cr2 = cr2;
}

static u8 svm_get_cr8(struct vcpu *v)
{
    return to_svm(v)->vmcb->ctl.int_ctl & 0xf;
}

static const struct hvm_vendor_ops svm_ops = {
    .name = "SVM",
    .cpu_up = svm_cpu_up,
    .domain_init = svm_domain_init,
    .p2m_map = svm_p2m_map,
    .p2m_unmap = svm_p2m_unmap,
    .p2m_flush = svm_p2m_flush,
    .p2m_destroy = svm_p2m_destroy,
    .domain_destroy = svm_domain_destroy,
    .vcpu_init = svm_vcpu_init,
    .vcpu_destroy = svm_vcpu_destroy,
    .vcpu_reset = svm_vcpu_reset,
    .vcpu_set_state = svm_vcpu_set_state,
    .enter = svm_enter,
    .vcpu_put = svm_vcpu_put,
    .handle_exit = svm_handle_exit,
    .get_state = svm_get_state,
    .interrupt_allowed = svm_interrupt_allowed,
    .event_queued = svm_event_queued,
    .inject = svm_inject,
    .clear_shadow = svm_clear_shadow,
    .request_window = svm_request_window,
    .watch_iret = svm_watch_iret,
    .tsc_offset = svm_tsc_offset,
    .set_tsc_offset = svm_set_tsc_offset,
    .set_efer = svm_set_efer,
    .set_pat = svm_set_pat,
    .set_cr2 = svm_set_cr2,
    .get_cr8 = svm_get_cr8,
};

const struct hvm_vendor_ops *svm_probe(void)
{
    u32 a, b, c, d, max_ext;
    paddr_t io_pa, msr_pa;
    u64 vm_cr;

    cpuid(0x80000000, &max_ext, &b, &c, &d);
    if (max_ext < 0x8000000a)
        return NULL;
    cpuid(0x80000001, &a, &b, &c, &d);
    if (!(c & (1u << 2)))
        return NULL;
    if (!rdmsr_safe(MSR_VM_CR, &vm_cr) && (vm_cr & VM_CR_SVMDIS)) {
        printk(LOG_WARNING "hvm: SVM is disabled by the firmware (VM_CR.SVMDIS)\n");
        return NULL;
    }
    cpuid(0x8000000a, &a, &b, &c, &d);
    if (!(d & 1)) {
        printk(LOG_WARNING "hvm: SVM without nested paging: HVM guests unavailable\n");
        return NULL;
    }
    if (b < 2) {
        printk(LOG_WARNING "hvm: SVM offers no guest ASID\n");
        return NULL;
    }
    nr_asids = b;

    io_pa = alloc_pages(IOPM_ORDER);
    msr_pa = alloc_pages(MSRPM_ORDER);
    if (!io_pa || !msr_pa)
        panic("hvm: no memory for the SVM permission maps");
    iopm = __va(io_pa);
    msrpm = __va(msr_pa);
    memset(iopm, 0xff, PAGE_SIZE << IOPM_ORDER);
    memset(msrpm, 0xff, PAGE_SIZE << MSRPM_ORDER);
    for (unsigned int i = 0; i < ARRAY_SIZE(msr_passthrough); i++)
        msrpm_allow(msr_passthrough[i]);

    printk("hvm: AMD SVM revision %u, nested paging, %u ASIDs%s%s\n", a & 0xff,
           b, (d & (1u << 3)) ? ", NRIPS" : ", no NRIPS (lengths decoded)",
           (d & (1u << 7)) ? ", decode assists" : "");
    return &svm_ops;
}
