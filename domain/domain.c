/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Domain life cycle: the builder that turns Multiboot2 modules into
 * domains at boot, lookup by id, shutdown and crash.
 *
 * Modules: every ELF module becomes a domain, in order (the first is the
 * control domain, d0; the next d1, d2, ...); a module that is not an ELF
 * file is the data module of the domain before it (e.g. the control
 * domain's mhvctl script), mapped read-only at MHV_MODULE_VA.  A module's
 * string is its domain's command line.
 *
 * A domain's struct stays allocated until reboot, so a pointer from
 * domain_by_id() never dangles; its resources (devices, interrupts, memory)
 * are released when it shuts down or crashes.
 */
#include <mhv/domain.h>
#include <mhv/domain_list.h>
#include <mhv/domain/domain.h>
#include <mhv/sched.h>
#include <mhv/domain/elf.h>
#include <mhv/passthrough/iommu.h>
#include <mhv/bootinfo.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/mm.h>
#include <mhv/smp.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>
#include <mhv/shutdown.h>
#include <mhv/domain/dma_mem.h>
#include <mhv/domain/bar_gone.h>
#include <mhv/spinlock.h>
#include <mhv/init.h>
#include <mhv/softirq.h>
#include <asm/percpu.h>
#include <mhv/gpmap.h>
#include <asm/domain.h>
#include <asm/traps.h>
#include <asm/desc.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>
#include <public/mhv.h>
#include <mhv/passthrough/assign.h>

static domid_t next_domid;

/*
 * gprintk()'s bucket for what runs now: the domain whose hypercall or
 * fault this CPU handles; none (the shared bucket) in interrupt context
 * or a softirq, which are a device's or a timer's doing, not the current
 * domain's.
 */
static struct ratelimit *domain_log_bucket(void)
{
    struct vcpu *v = current_vcpu();

    return v && !this_cpu()->irq_count && !in_softirq() ? &v->domain->log_rl
                                                         : NULL;
}

/* gprintk_domain()'s: domain @domid's bucket (the caller has interrupts off:
 * the domain stays allocated meanwhile, domain_list_remove()). */
static struct ratelimit *domain_log_bucket_of(int domid)
{
    struct domain *d = domid < (int)DOMID_SELF ? domain_by_id((domid_t)domid) : NULL;

    return d ? &d->log_rl : NULL;
}

static int domain_log_init(void)
{
    printk_ratelimit_set_source(domain_log_bucket);
    printk_ratelimit_set_domain_bucket(domain_log_bucket_of);
    return 0;
}
__initcall(domain_log_init);

/* The control domain exists (without a program yet) before the PCI scan. */
struct domain *domain_alloc(bool privileged, enum guest_kind kind)
{
    struct domain *d = xzalloc(struct domain);
    char name[16];

    if (!d)
        return NULL;
    snprintf(name, sizeof(name), "d%u", next_domid);
    domain_init_common(d, next_domid, name, privileged);
    if (arch_domain_create(d, kind)) {
        xfree(d);
        return NULL;
    }
    if (iommu_domain_init(d)) {
        gpmap_destroy(d);
        arch_domain_destroy(d);
        xfree(d);
        return NULL;
    }
    next_domid++;
    domain_list_add(d);
    return d;
}

void domain_destroy_struct(struct domain *d)
{
    ASSERT(d != control_domain && d->gpmap.state == GPMAP_DEAD &&
           (d->state == MHV_DOMSTATE_SHUTDOWN || d->state == MHV_DOMSTATE_CRASHED));
    domain_list_remove(d);
    iommu_domain_free(d);
    xfree(d);
}

static int map_module(struct domain *d, const struct boot_module *m,
                      struct start_info *si)
{
    size_t len = m->end - m->start;
    int rc;

    /* Read-only, and the boot module's pages stay the hypervisor's. */
    rc = gpmap_add_ram(d, MHV_MODULE_VA, ROUNDDOWN(m->start, PAGE_SIZE),
                       DIV_ROUND_UP(len, PAGE_SIZE), 0);
    if (rc)
        return rc;
    si->mod_start = MHV_MODULE_VA + (m->start & ~PAGE_MASK);
    si->mod_len = len;
    return 0;
}

/*
 * Allocate, zero and map @n pages of RAM at @gaddr, one range a page (they
 * need not be contiguous); the first page's hypervisor address in
 * *@hv_first if asked.
 */
static int alloc_map(struct domain *d, u64 gaddr, unsigned long n,
                     unsigned int flags, void **hv_first)
{
    for (unsigned long i = 0; i < n; i++) {
        void *p = alloc_page_va();
        int rc;

        if (!p)
            return -ENOMEM;
        rc = gpmap_add_ram(d, gaddr + i * PAGE_SIZE, __pa(p), 1,
                           flags | GPMAP_OWNED);
        if (rc) {
            free_page_va(p);
            return rc;
        }
        if (i == 0 && hv_first)
            *hv_first = p;
    }
    return 0;
}

/*
 * Give the PV domain @d its program, stack, start info and shared info
 * (the layout of <public/mhv.h>); start its vCPU.
 */
static int domain_build(struct domain *d, const struct boot_module *elf,
                        const struct boot_module *data)
{
    struct start_info *si;
    unsigned long entry;
    unsigned int cpu;
    int rc;

    rc = elf_load(d, __va(elf->start), elf->end - elf->start, &entry);
    if (rc)
        return rc;
    rc = alloc_map(d, MHV_STACK_TOP - MHV_STACK_PAGES * PAGE_SIZE,
                   MHV_STACK_PAGES, GPMAP_WRITE, NULL);
    if (!rc)
        rc = alloc_map(d, MHV_START_INFO_VA, 1, 0, (void **)&si);
    if (!rc)
        rc = alloc_map(d, MHV_SHARED_INFO_VA, 1, GPMAP_WRITE,
                       (void **)&d->shared_info);
    if (rc)
        return rc;

    si->magic = MHV_START_MAGIC;
    si->domid = d->domain_id;
    si->flags = d->is_privileged ? MHV_SIF_PRIVILEGED : 0;
    si->nr_cpus = num_online_cpus;
    si->shared_info = MHV_SHARED_INFO_VA;
    strlcpy(si->cmdline, elf->cmdline, sizeof(si->cmdline));
    if (data && (rc = map_module(d, data, si)))
        return rc;

    cpu = d->domain_id % num_online_cpus;
    printk("d%u: %s domain '%s' on CPU %u, entry %#lx%s\n", d->domain_id,
           d->is_privileged ? "control" : "ordinary", elf->cmdline, cpu, entry,
           data ? ", with a data module" : "");
    d->vcpu = vcpu_create(d, cpu, &(struct vcpu_start){
                              .entry = entry, .stack = MHV_STACK_TOP - 8,
                              .arg = MHV_START_INFO_VA });
    return d->vcpu ? 0 : -ENOMEM;
}

void domains_build_from_modules(void)
{
    unsigned int i = 0, built = 0;

    while (i < bootinfo.nr_mods) {
        const struct boot_module *elf = &bootinfo.mods[i++], *data = NULL;
        struct domain *d;
        int rc;

        /* An HVM guest's kernel or initramfs, for the control domain to
         * start later (<mhv/domain/hvm.h>). */
        if (boot_module_hvm_name(elf, NULL, 0))
            continue;
        if (!elf_is_elf(__va(elf->start), elf->end - elf->start)) {
            printk(LOG_WARNING "module %u ('%s') is not an ELF image and follows "
                   "no domain: ignored\n", i - 1, elf->cmdline);
            continue;
        }
        if (i < bootinfo.nr_mods && !boot_module_hvm_name(&bootinfo.mods[i], NULL, 0) &&
            !elf_is_elf(__va(bootinfo.mods[i].start),
                        bootinfo.mods[i].end - bootinfo.mods[i].start))
            data = &bootinfo.mods[i++];

        d = built == 0 ? control_domain : domain_alloc(false, GUEST_PV);
        if (!d) {
            printk(LOG_ERR "no memory for a domain for module %u ('%s')\n",
                   i - 1 - (data ? 1 : 0), elf->cmdline);
            break;
        }
        rc = domain_build(d, elf, data);
        if (rc) {
            printk(LOG_ERR "d%u: cannot build ('%s'): %d\n", d->domain_id,
                   elf->cmdline, rc);
            if (d == control_domain)
                panic("the control domain could not be built");
            /* Its vCPU was never created: nothing runs on its tables. */
            domain_free_address_space(d);
            d->state = MHV_DOMSTATE_CRASHED;
            continue;
        }
        built++;
    }
    if (!built)
        printk(LOG_WARNING "no domain modules: nothing to run\n");
}


/*
 * Release what a dead domain holds (not its struct, see above).  Its state
 * is DYING meanwhile (nothing is assigned to a domain that is not
 * running); how it died (@final_state, SHUTDOWN or CRASHED) is published
 * only once everything is back -- devices, interrupts and DMA memory here,
 * the rest of its memory once its CPU has left it
 * (domain_free_address_space()) -- so a control domain that saw it dead
 * finds all of it free.
 * @pre runs on @d's own CPU, which then schedules away.
 */
static void domain_release(struct domain *d, unsigned int final_state)
{
    d->final_state = final_state;
    WRITE_ONCE(d->state, MHV_DOMSTATE_DYING);
    domain_release_devices(d);
    /* Its devices are quarantined: no DMA reaches these pages any more,
     * and the domain runs no more guest code (its one vCPU is here). */
    dma_mem_release(d);
    if (d->vcpu)
        vcpu_down(d->vcpu);
}

void __noreturn domain_shutdown(struct domain *d, unsigned int code)
{
    if (is_control_domain(d)) {
        printk("control domain shut down with code %u\n", code);
        machine_power_off(code);
    }
    printk("d%u: shut down with code %u\n", d->domain_id, code);
    d->shutdown_code = code;
    domain_release(d, MHV_DOMSTATE_SHUTDOWN);
    schedule();
}

/*
 * Kill the running domain for @what (@regs its state; for a page fault
 * that trapped (@pf), @cr2 its address); the control domain's stops mhv.  Turns
 * interrupts on: the domain's release takes the passthrough locks and
 * shoots down TLBs, both of which want them, as on every hypercall path.
 * Called with nothing of the hypervisor's held.
 */
static void __noreturn crash(struct cpu_user_regs *regs, const char *what,
                             bool pf, u64 cr2)
{
    struct vcpu *v = current_vcpu();
    struct domain *d = v ? v->domain : NULL;

    local_irq_enable();
    printk(LOG_ERR "d%d crashed: %s at rip %#lx, error code %#lx%s\n",
           d ? d->domain_id : -1, what, regs->rip, regs->error_code,
           pf ? " (page fault)" : "");
    if (pf)
        printk(LOG_ERR "d%d: fault address %#lx\n", d ? d->domain_id : -1, cr2);
    if (!d || is_control_domain(d)) {
        printk(LOG_CRIT "the control domain crashed: powering off\n");
        machine_power_off(SHUTDOWN_DOM0_CRASH_CODE);
    }
    domain_release(d, MHV_DOMSTATE_CRASHED);
    schedule();
}

/* Not from a trap: @regs' vector may be an earlier trap's. */
void guest_crash(struct cpu_user_regs *regs, const char *what)
{
    crash(regs, what, false, 0);
}

/*
 * A guest's exception, from the trap handler (interrupts off: interrupt
 * gates): it kills the domain -- but for a PV domain's access to a BAR
 * mapping it lost with a device that left it, which is answered as a
 * removed device would answer it (<mhv/domain/bar_gone.h>): then the
 * domain runs on, and this returns with the interrupt flag as it found it
 * (the trap's exit path runs with interrupts off).  Only here: the way
 * back to a guest (guest_return_check()) crashes without this, so its
 * exit path never sees a return.
 */
void guest_fault(struct cpu_user_regs *regs, const char *what)
{
    struct vcpu *v = current_vcpu();
    bool pf = regs->vector == TRAP_page_fault;
    u64 cr2 = pf ? read_cr2() : 0;

    if (v && pf) {
        unsigned long flags;
        bool done;

        local_irq_save(flags);
        local_irq_enable();
        done = pv_bar_gone_access(v, regs, cr2);
        local_irq_restore(flags);
        if (done)
            return;
    }
    crash(regs, what, pf, cr2);
}
