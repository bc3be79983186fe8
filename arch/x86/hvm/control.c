/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control domain's HVM operations (<public/hvm.h>): create a domain
 * from boot modules, read its state and exit counts, destroy it.
 * Reached through do_domctl(), which has checked that the caller is the
 * control domain.
 */
#include <asm/hvm/domain.h>
#include <asm/hvm/vcpu.h>
#include <mhv/domain.h>
#include <mhv/bootinfo.h>
#include <mhv/hypercall.h>
#include <mhv/sched.h>
#include <mhv/smp.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>
#include <mhv/time.h>
#include <asm/guest_mm.h>
#include <asm/page.h>
#include <public/domctl.h>

BUILD_BUG_ON(MHV_HVM_NR_EXITS != HVM_NR_EXIT_REASONS);
BUILD_BUG_ON(MHV_HVM_EXIT_NPF != HVM_EXIT_NPF);
BUILD_BUG_ON(MHV_HVM_EXIT_OTHER != HVM_EXIT_OTHER);
BUILD_BUG_ON(MHV_HVM_MAX_VCPUS != HVM_MAX_VCPUS);

static bool name_ok(const char *s)
{
    return strnlen(s, MHV_HVM_NAME_MAX) < MHV_HVM_NAME_MAX;
}

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

static long create(struct mhv_domctl *op, unsigned long arg)
{
    struct mhv_hvm_create *c = &op->u.hvm_create;
    struct hvm_create_args a = { 0 };
    const struct boot_module *k, *i = NULL;
    const char *kargs = "";
    char *cmdline = NULL;
    domid_t domid;
    long rc;

    if (!name_ok(c->kernel) || !name_ok(c->initrd) || !c->nr_vcpus ||
        c->nr_vcpus > MHV_HVM_MAX_VCPUS || c->cmdline_len >= MHV_HVM_CMDLINE_MAX ||
        !c->mem_mb || c->mem_mb > (1u << 20))
        return -EINVAL;
    k = hvm_boot_module_find(c->kernel, &kargs);
    if (!k)
        return -ENOENT;
    if (c->initrd[0] && !(i = hvm_boot_module_find(c->initrd, NULL)))
        return -ENOENT;
    if (c->cmdline) {
        cmdline = xmalloc_bytes(c->cmdline_len + 1);
        if (!cmdline)
            return -ENOMEM;
        if (copy_from_guest(cmdline, c->cmdline, c->cmdline_len)) {
            xfree(cmdline);
            return -EFAULT;
        }
        cmdline[c->cmdline_len] = '\0';
    }

    a.mem_bytes = c->mem_mb << 20;
    a.nr_vcpus = c->nr_vcpus;
    for (unsigned int n = 0; n < c->nr_vcpus; n++)
        a.cpus[n] = c->cpus[n] == MHV_HVM_CPU_AUTO ? (1 + n) % num_online_cpus
                                                   : c->cpus[n];
    a.kernel = __va(k->start);
    a.kernel_len = k->end - k->start;
    if (i) {
        a.initrd = __va(i->start);
        a.initrd_len = i->end - i->start;
    }
    a.cmdline = cmdline ? cmdline : kargs;
    if (!has_option(a.cmdline, "tsc_early_khz=")) {
        /* The TSC's rate is part of the platform (docs/hvm.md): Linux has
         * no PIT or HPET to measure it against here. */
        size_t n = strlen(a.cmdline);
        char *with = xmalloc_bytes(n + 32);

        if (!with) {
            xfree(cmdline);
            return -ENOMEM;
        }
        snprintf(with, n + 32, "%s%stsc_early_khz=%lu", a.cmdline, n ? " " : "",
                 cpu_khz);
        xfree(cmdline);
        cmdline = with;
        a.cmdline = with;
    }

    rc = hvm_domain_create(&a, &domid);
    xfree(cmdline);
    if (rc)
        return rc;
    c->domid = domid;
    return copy_to_guest(arg, op, sizeof(*op)) ? -EFAULT : 0;
}

static long info(struct domain *d, struct mhv_domctl *op)
{
    struct hvm_domain *hd = d->hvm;
    struct mhv_hvm_info *out = xzalloc(struct mhv_hvm_info);
    struct hvm_io_unclaimed ports[HVM_IO_UNCLAIMED_SLOTS];
    unsigned int nports;
    u64 overflow = 0;
    long rc;

    if (!out)
        return -ENOMEM;
    out->nr_vcpus = hd->nr_vcpus;
    out->state = READ_ONCE(d->state);
    out->mem_bytes = hd->mem.low_bytes + hd->mem.high_bytes;
    for (unsigned int n = 0; n < hd->nr_vcpus; n++) {
        const struct hvm_vcpu *h = hd->vcpus[n]->hvm;

        for (unsigned int r = 0; r < HVM_NR_EXIT_REASONS; r++)
            out->exits[r] += READ_ONCE(h->exits[r]);
        out->exits_total += READ_ONCE(h->exits_total);
        out->vcpu_cpu[n] = hd->vcpus[n]->processor;
        out->vcpu_rip[n] = READ_ONCE(h->rip);
    }
    out->npf_unclaimed_reads = READ_ONCE(hd->npf_unclaimed_reads);
    out->npf_unclaimed_writes = READ_ONCE(hd->npf_unclaimed_writes);
    out->msr_refused = READ_ONCE(hd->msr_refused);
    nports = hvm_io_unclaimed_stats(&hd->io, ports, ARRAY_SIZE(ports), &overflow);
    out->io_unclaimed = overflow;
    for (unsigned int n = 0; n < min(nports, (unsigned int)ARRAY_SIZE(ports)); n++) {
        out->io_unclaimed += ports[n].reads + ports[n].writes;
        if (n < MHV_HVM_IO_TOP) {
            out->io_port[n] = ports[n].port;
            out->io_port_count[n] = ports[n].reads + ports[n].writes;
        }
    }
    out->io_unclaimed_ports = nports;
    out->shutdown_code = d->shutdown_code;
    out->nr_marks = READ_ONCE(hd->nr_marks);
    for (unsigned int m = 0; m < min(out->nr_marks, (u32)MHV_HVM_MARKS); m++) {
        out->mark_elapsed[m] = hd->mark_elapsed[m];
        out->mark_guest[m] = hd->mark_guest[m];
        out->mark_exits[m] = hd->mark_exits[m];
    }
    for (unsigned int r = 0; r < HVM_NR_EXIT_REASONS; r++)
        out->mark0_exit_reasons[r] = hd->mark0_exit_reasons[r];
    if (out->state != MHV_DOMSTATE_RUNNING)
        strlcpy(out->stop_reason, hd->stop_reason, sizeof(out->stop_reason));
    rc = copy_to_guest(op->u.hvm_info.buf, out, sizeof(*out)) ? -EFAULT : 0;
    xfree(out);
    return rc;
}

long hvm_domctl(struct mhv_domctl *op, unsigned long arg)
{
    struct domain *d;

    if (op->cmd == MHV_DOMCTL_hvm_create)
        return create(op, arg);
    d = domain_by_id(op->domain);
    if (!d)
        return -ESRCH;
    if (!d->hvm)
        return -EINVAL;
    switch (op->cmd) {
    case MHV_DOMCTL_hvm_destroy:
        return hvm_domain_destroy(d);
    case MHV_DOMCTL_hvm_info:
        return info(d, op);
    }
    return -ENOSYS;
}
