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
#include <mhv/sched.h>
#include <mhv/elf.h>
#include <mhv/iommu.h>
#include <mhv/bootinfo.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/mm.h>
#include <mhv/smp.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>
#include <mhv/shutdown.h>
#include <mhv/dma_mem.h>
#include <mhv/spinlock.h>
#include <mhv/init.h>
#include <mhv/softirq.h>
#include <asm/guest_mm.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>
#include <public/mhv.h>

struct domain *control_domain;
static LIST_HEAD(domain_list);
static DEFINE_SPINLOCK(domlist_lock);
static domid_t next_domid;

struct domain *domain_by_id(domid_t id)
{
    struct domain *d, *found = NULL;
    unsigned long flags;

    spin_lock_irqsave(&domlist_lock, flags);
    list_for_each_entry(d, &domain_list, domain_list)
        if (d->domain_id == id) {
            found = d;
            break;
        }
    spin_unlock_irqrestore(&domlist_lock, flags);
    return found;
}

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

static int domain_log_init(void)
{
    printk_ratelimit_set_source(domain_log_bucket);
    return 0;
}
__initcall(domain_log_init);

/* The control domain exists (without a program yet) before the PCI scan. */
struct domain *domain_alloc(bool privileged)
{
    struct domain *d = xzalloc(struct domain);
    unsigned long flags;
    char name[16];

    if (!d)
        return NULL;
    snprintf(name, sizeof(name), "d%u", next_domid);
    domain_init_common(d, next_domid, name, privileged);
    if (guest_mm_create(d)) {
        xfree(d);
        return NULL;
    }
    if (iommu_domain_init(d)) {
        guest_mm_destroy(d);
        xfree(d);
        return NULL;
    }
    next_domid++;
    spin_lock_irqsave(&domlist_lock, flags);
    list_add_tail(&d->domain_list, &domain_list);
    spin_unlock_irqrestore(&domlist_lock, flags);
    if (privileged && !control_domain)
        control_domain = d;
    return d;
}

static int map_module(struct domain *d, const struct boot_module *m,
                      struct start_info *si)
{
    size_t len = m->end - m->start;

    for (size_t off = 0; off < len; off += PAGE_SIZE) {
        int rc = guest_map_page(d, MHV_MODULE_VA + off,
                                ROUNDDOWN(m->start, PAGE_SIZE) + off, 0);

        if (rc)
            return rc;
    }
    si->mod_start = MHV_MODULE_VA + (m->start & ~PAGE_MASK);
    si->mod_len = len;
    return 0;
}

/* Give @d its program, stack, start info and shared info; start its vCPU. */
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
    rc = guest_alloc_map(d, MHV_STACK_TOP - MHV_STACK_PAGES * PAGE_SIZE,
                         MHV_STACK_PAGES, GMAP_WRITE, NULL);
    if (!rc)
        rc = guest_alloc_map(d, MHV_START_INFO_VA, 1, 0, (void **)&si);
    if (!rc)
        rc = guest_alloc_map(d, MHV_SHARED_INFO_VA, 1, GMAP_WRITE,
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
    d->vcpu = vcpu_create(d, cpu, guest_mm_cr3(d), entry, MHV_STACK_TOP - 8,
                          MHV_START_INFO_VA);
    return d->vcpu ? 0 : -ENOMEM;
}

void domains_build_from_modules(void)
{
    unsigned int i = 0, built = 0;

    while (i < bootinfo.nr_mods) {
        const struct boot_module *elf = &bootinfo.mods[i++], *data = NULL;
        struct domain *d;
        int rc;

        if (!elf_is_elf(__va(elf->start), elf->end - elf->start)) {
            printk(LOG_WARNING "module %u ('%s') is not an ELF image and follows "
                   "no domain: ignored\n", i - 1, elf->cmdline);
            continue;
        }
        if (i < bootinfo.nr_mods &&
            !elf_is_elf(__va(bootinfo.mods[i].start),
                        bootinfo.mods[i].end - bootinfo.mods[i].start))
            data = &bootinfo.mods[i++];

        d = built == 0 ? control_domain : domain_alloc(false);
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
 * only once everything is back -- devices and interrupts here, its memory
 * once its CPU has left it (domain_free_address_space()) -- so a control
 * domain that saw it dead finds all of it free.
 * @pre runs on @d's own CPU, which then schedules away.
 */
static void domain_release(struct domain *d, unsigned int final_state)
{
    d->final_state = final_state;
    WRITE_ONCE(d->state, MHV_DOMSTATE_DYING);
    domain_release_devices(d);
    if (d->vcpu)
        vcpu_down(d->vcpu);
}

void domain_free_address_space(struct domain *d)
{
    unsigned long pages;

    if (d->arch) {
        d->shared_info = NULL;      /* it was one of the domain's pages */
        dma_mem_release(d);
        pages = guest_mm_destroy(d);
        printk("d%u: address space freed (%lu pages)\n", d->domain_id, pages);
    }
    if (READ_ONCE(d->state) == MHV_DOMSTATE_DYING)
        __atomic_store_n(&d->state, d->final_state, __ATOMIC_RELEASE);
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
 * A fault in a guest kills that domain; the control domain's stops mhv.
 * Called from the trap handler (interrupts off: interrupt gates) or on the
 * way back to a guest (after its CLI), with nothing of the hypervisor's
 * held: the domain's release takes the passthrough locks and shoots down
 * TLBs, both of which want interrupts on, as on every hypercall path.
 */
void guest_fault(struct cpu_user_regs *regs, const char *what)
{
    struct vcpu *v = current_vcpu();
    struct domain *d = v ? v->domain : NULL;

    local_irq_enable();
    printk(LOG_ERR "d%d crashed: %s at rip %#lx, error code %#lx%s\n",
           d ? d->domain_id : -1, what, regs->rip, regs->error_code,
           regs->vector == 14 ? " (page fault)" : "");
    if (regs->vector == 14)
        printk(LOG_ERR "d%d: fault address %#lx\n", d ? d->domain_id : -1, read_cr2());
    if (!d || is_control_domain(d)) {
        printk(LOG_CRIT "the control domain crashed: powering off\n");
        machine_power_off(SHUTDOWN_DOM0_CRASH_CODE);
    }
    domain_release(d, MHV_DOMSTATE_CRASHED);
    schedule();
}
