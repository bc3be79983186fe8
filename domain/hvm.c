/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HVM domains, their life cycle (model in <mhv/domain/hvm.h>): the control
 * domain's operations, creation from boot modules, death and destruction.
 * What the domain contains -- RAM, platform, vCPUs, kernel -- is built by
 * the x86 side (hvm_domain_build(), <asm/hvm/domain.h>).
 */
#include <mhv/domain/hvm.h>
#include <mhv/domain/hvm_vpci.h>
#include <mhv/domain/domain.h>
#include <mhv/domain/dma_mem.h>
#include <mhv/passthrough/assign.h>
#include <mhv/domain.h>
#include <mhv/domain_list.h>
#include <mhv/bootinfo.h>
#include <mhv/sched.h>
#include <mhv/smp.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>
#include <mhv/time.h>
#include <asm/guest_access.h>
#include <asm/hvm/domain.h>
#include <asm/page.h>
#include <public/domctl.h>

BUILD_BUG_ON(MHV_HVM_NR_EXITS != HVM_NR_EXIT_REASONS);
BUILD_BUG_ON(MHV_HVM_EXIT_NPF != HVM_EXIT_NPF);
BUILD_BUG_ON(MHV_HVM_EXIT_OTHER != HVM_EXIT_OTHER);
BUILD_BUG_ON(MHV_HVM_MAX_VCPUS != HVM_MAX_VCPUS);

/* ---------------------------------------------------------------- death */

/*
 * Any context with interrupts on: a vCPU's exit handler (its guest powered
 * off, reset, triple-faulted or did what it must not), the vLAPIC or the
 * control domain.  The first call wins; the others find the domain DYING.
 */
void hvm_domain_kill(struct domain *d, unsigned int final, unsigned int code,
                     const char *reason)
{
    struct hvm_domain *hd = d->arch.hvm;
    unsigned int running = MHV_DOMSTATE_RUNNING;

    if (!__atomic_compare_exchange_n(&d->state, &running, MHV_DOMSTATE_DYING,
                                     false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return;
    d->final_state = final;
    d->shutdown_code = code;
    printk(final == MHV_DOMSTATE_CRASHED ? LOG_ERR "d%u crashed: %s\n"
                                         : "d%u: shut down: %s\n",
           d->domain_id, reason);
    hvm_domain_stopping(d, reason);
    /* As for every domain: nothing is assigned to one that is not
     * running, and its devices are quarantined before its memory goes. */
    domain_release_devices(d);
    dma_mem_release(d);
    for (unsigned int i = 0; i < hd->nr_vcpus; i++)
        vcpu_down(hd->vcpus[i]);
}

/* ---------------------------------------------------------------- creation */

/* Does a word of @cmdline start with @opt? */
static bool has_option(const char *cmdline, const char *opt)
{
    size_t n = strlen(opt);

    for (const char *p = cmdline; *p; ) {
        while (*p == ' ')
            p++;
        if (!strncmp(p, opt, n))
            return true;
        while (*p && *p != ' ')
            p++;
    }
    return false;
}

/*
 * The guest's command line: the caller's (@c->cmdline) or the kernel
 * module's own ARGS, with the TSC's rate appended unless it is there.
 * The TSC's rate is part of the platform (docs/hvm.md): Linux has no PIT
 * or HPET to measure it against here.  NULL without memory.
 */
static char *guest_cmdline(const struct mhv_hvm_create *c, const char *kargs,
                           long *rc)
{
    size_t n = c->cmdline ? c->cmdline_len : strlen(kargs), len = n + 40;
    char *s = xmalloc_bytes(len);

    *rc = -ENOMEM;
    if (!s)
        return NULL;
    if (c->cmdline) {
        if (copy_from_guest(s, c->cmdline, n)) {
            xfree(s);
            *rc = -EFAULT;
            return NULL;
        }
        s[n] = '\0';
        n = strlen(s);      /* a NUL inside ends it */
    } else {
        memcpy(s, kargs, n + 1);
    }
    if (!has_option(s, "tsc_early_khz="))
        snprintf(s + n, len - n, "%stsc_early_khz=%lu", n ? " " : "", cpu_khz);
    return s;
}

/* What creation did, undone: no vCPU ever ran, no device was assigned. */
static void creation_failed(struct domain *d)
{
    hvm_vpci_destroy(d);
    hvm_domain_unbuild(d);
    d->state = MHV_DOMSTATE_CRASHED;
    domain_free_address_space(d);       /* its RAM and nested tables */
    hvm_domain_release(d);
    domain_destroy_struct(d);
}

/* Start the boot vCPU, once: -EBUSY after that. */
static long unpause(struct domain *d)
{
    if (__atomic_exchange_n(&d->arch.hvm->started, true, __ATOMIC_ACQ_REL))
        return -EBUSY;
    vcpu_wake(d->vcpu);
    return 0;
}

static long create(struct mhv_domctl *op, unsigned long arg)
{
    struct mhv_hvm_create *c = &op->u.hvm_create;
    struct hvm_build_args a = { 0 };
    const struct boot_module *k, *i = NULL;
    const char *kargs = "";
    char *cmdline;
    struct domain *d;
    long rc;

    if (strnlen(c->kernel, MHV_HVM_NAME_MAX) == MHV_HVM_NAME_MAX ||
        strnlen(c->initrd, MHV_HVM_NAME_MAX) == MHV_HVM_NAME_MAX ||
        !c->nr_vcpus || c->nr_vcpus > MHV_HVM_MAX_VCPUS ||
        c->cmdline_len >= MHV_HVM_CMDLINE_MAX ||
        !c->mem_mb || c->mem_mb > (1u << 20) || (c->mem_mb & 1) ||
        (c->flags & ~MHV_HVM_CREATE_PAUSED))
        return -EINVAL;
    if (!hvm_enabled())
        return -ENODEV;
    a.nr_vcpus = c->nr_vcpus;
    for (unsigned int n = 0; n < c->nr_vcpus; n++) {
        a.cpus[n] = c->cpus[n] == MHV_HVM_CPU_AUTO ? (1 + n) % num_online_cpus
                                                   : c->cpus[n];
        if (!cpu_online(a.cpus[n]))
            return -EINVAL;
    }
    k = boot_module_hvm_find(c->kernel, &kargs);
    if (!k)
        return -ENOENT;
    if (c->initrd[0] && !(i = boot_module_hvm_find(c->initrd, NULL)))
        return -ENOENT;
    cmdline = guest_cmdline(c, kargs, &rc);
    if (!cmdline)
        return rc;

    a.mem_bytes = c->mem_mb << 20;
    a.kernel = __va(k->start);
    a.kernel_len = k->end - k->start;
    if (i) {
        a.initrd = __va(i->start);
        a.initrd_len = i->end - i->start;
    }
    a.cmdline = cmdline;
    a.pci = hvm_vpci_enabled();

    d = domain_alloc(false, GUEST_HVM);
    if (!d) {
        xfree(cmdline);
        return -ENOMEM;
    }
    snprintf(d->name, sizeof(d->name), "hvm%u", d->domain_id);
    rc = hvm_domain_build(d, &a);
    if (!rc)
        rc = hvm_vpci_init(d);
    xfree(cmdline);
    if (rc) {
        printk(LOG_ERR "d%u: HVM domain not created: %ld\n", d->domain_id, rc);
        creation_failed(d);
        return rc;
    }
    c->domid = d->domain_id;
    /* The boot vCPU is the domain's for everything that asks for one; the
     * APs stay blocked until their vLAPIC has a SIPI for them. */
    __atomic_store_n(&d->vcpu, d->arch.hvm->vcpus[0], __ATOMIC_RELEASE);
    if (c->flags & MHV_HVM_CREATE_PAUSED)
        printk("d%u: created paused\n", d->domain_id);
    else
        unpause(d);
    return copy_to_guest(arg, op, sizeof(*op)) ? -EFAULT : 0;
}

/* ---------------------------------------------------------------- the rest */

static long info(struct domain *d, struct mhv_domctl *op)
{
    struct mhv_hvm_info *out = xzalloc(struct mhv_hvm_info);
    long rc;

    if (!out)
        return -ENOMEM;
    out->state = __atomic_load_n(&d->state, __ATOMIC_ACQUIRE);
    out->shutdown_code = d->shutdown_code;
    hvm_domain_info(d, out);
    hvm_vpci_info(d, out);
    rc = copy_to_guest(op->u.hvm_info.buf, out, sizeof(*out)) ? -EFAULT : 0;
    xfree(out);
    return rc;
}

/*
 * Stop it if it runs, then free what is left once it is dead: -EAGAIN
 * while its vCPUs are still leaving their CPUs (the caller asks again).
 */
static long destroy(struct domain *d)
{
    unsigned int state;

    hvm_domain_kill(d, MHV_DOMSTATE_SHUTDOWN, 0, "destroyed by the control domain");
    state = __atomic_load_n(&d->state, __ATOMIC_ACQUIRE);
    if (state != MHV_DOMSTATE_SHUTDOWN && state != MHV_DOMSTATE_CRASHED)
        return -EAGAIN;
    hvm_vpci_destroy(d);                /* its devices went when it died */
    hvm_domain_unbuild(d);
    hvm_domain_release(d);
    printk("d%u: destroyed\n", d->domain_id);
    domain_destroy_struct(d);
    return 0;
}

long hvm_domctl(struct mhv_domctl *op, unsigned long arg)
{
    struct domain *d;

    if (op->cmd == MHV_DOMCTL_hvm_create)
        return create(op, arg);
    d = domain_by_id(op->domain);
    if (!d)
        return -ESRCH;
    if (!is_hvm_domain(d))
        return -EINVAL;
    switch (op->cmd) {
    case MHV_DOMCTL_hvm_destroy:
        return destroy(d);
    case MHV_DOMCTL_hvm_info:
        return info(d, op);
    case MHV_DOMCTL_hvm_unpause:
        if (__atomic_load_n(&d->state, __ATOMIC_ACQUIRE) != MHV_DOMSTATE_RUNNING)
            return -EINVAL;
        return unpause(d);
    }
    return -ENOSYS;
}
