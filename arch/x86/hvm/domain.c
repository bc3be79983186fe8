/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HVM domains, the x86 side (model and lock rules in <asm/hvm/domain.h>):
 * the kind's arch hooks, the guest-physical memory and its nested tables
 * (the CPU consumer of the domain's map, <mhv/gpmap.h>), the virtual
 * platform, building a domain's contents (the domain layer creates and
 * destroys the domain itself: domain/hvm.c).
 *
 * The platform (docs/hvm.md): per vCPU a vLAPIC in x2APIC mode with its
 * timer on the vCPU's CPU; per domain an IOAPIC at 0xFEC00000, COM1 (an
 * 8250 at 0x3F8 on IRQ 4) whose lines go to the console as "(dN) ...",
 * hardware-reduced ACPI tables (COM1 in the DSDT) with the
 * power-management ports at 0x600 (power off, reset), the PIT stub at
 * 0x42/0x61, the CMOS clock stub at 0x70/0x71, the diagnostic port 0x80,
 * the reset vector's firmware, and the CPUID policy.
 */
#include <asm/hvm/domain.h>
#include <asm/hvm/vcpu.h>
#include <asm/hvm/linux_boot.h>
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/smp.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <mhv/xmalloc.h>
#include <mhv/dom_console.h>
#include <mhv/gpmap.h>
#include <public/domctl.h>
#include <asm/cpu.h>
#include <asm/fpu.h>

/* ---------------------------------------------------------------- glue */

static struct vcpu *vlapic_vcpu(struct vlapic *vl)
{
    return vlapic_owner(vl);
}

static s_time_t vl_now(struct vlapic *vl)
{
    return NOW();
}

/*
 * The guest TSC as the vLAPIC's own vCPU reads it: with the vCPU's
 * current offset, which its TSC writes move (not the domain's offset at
 * creation).  Only that vCPU writes its offset, from its own CPU, and the
 * vLAPIC asks here only from there (its TSC_DEADLINE write, its timer);
 * the TSCs of the CPUs are the same clock (an invariant TSC).
 */
static u64 vl_guest_tsc(struct vlapic *vl)
{
    return rdtsc() + hvm_ops->tsc_offset(vlapic_vcpu(vl));
}

/* The vLAPIC's timer is its vCPU's, on the vCPU's CPU: the vLAPIC is
 * programmed by its own vCPU (exits) and its own timer (re-arming). */
static void vl_timer_set(struct vlapic *vl, s_time_t expires)
{
    struct vcpu *v = vlapic_vcpu(vl);

    ASSERT(v->processor == smp_processor_id());
    set_timer(&v->arch.hvm->vlapic_timer, expires);
}

/*
 * An INIT from another vCPU resets this vLAPIC on the sender's CPU: the
 * timer cannot be stopped from there, and need not be -- when it fires,
 * the vLAPIC, disarmed, ignores it; the vCPU's own CPU stops it for good
 * when the vCPU is reaped.
 */
static void vl_timer_stop(struct vlapic *vl)
{
    struct vcpu *v = vlapic_vcpu(vl);

    if (v->processor == smp_processor_id())
        stop_timer(&v->arch.hvm->vlapic_timer);
}

static void deliver_to_domain(struct domain *d, const struct vlapic *src,
                              const struct vlapic_irq *irq)
{
    struct hvm_domain *hd = d->arch.hvm;
    struct vlapic *set[HVM_MAX_VCPUS];

    for (unsigned int i = 0; i < hd->nr_vcpus; i++)
        set[i] = &hd->vcpus[i]->arch.hvm->vlapic;
    vlapic_deliver_set(set, hd->nr_vcpus, src, irq);
}

static void vl_send_ipi(struct vlapic *src, const struct vlapic_irq *irq)
{
    deliver_to_domain(vlapic_vcpu(src)->domain, src, irq);
}

static void vl_eoi(struct vlapic *vl, u8 vector)
{
    vioapic_eoi(&vlapic_vcpu(vl)->domain->arch.hvm->vioapic, vector);
}

static void vl_kick(struct vlapic *vl)
{
    hvm_vcpu_kick(vlapic_vcpu(vl));
}

static const struct vlapic_ops vlapic_ops = {
    .now = vl_now,
    .guest_tsc = vl_guest_tsc,
    .timer_set = vl_timer_set,
    .timer_stop = vl_timer_stop,
    .send_ipi = vl_send_ipi,
    .eoi = vl_eoi,
    .kick = vl_kick,
};

static void vlapic_timer_expired(void *data)
{
    struct hvm_vcpu *h = data;

    vlapic_timer_fired(&h->vlapic);
}

static void ioapic_deliver(void *ctx, const struct vlapic_irq *irq)
{
    deliver_to_domain(ctx, NULL, irq);
}

static const struct vioapic_ops vioapic_ops = {
    .deliver = ioapic_deliver,
};

/* A whole line of COM1 output: through the domain console's rate limit. */
static void uart_line(void *ctx, const char *s, size_t len)
{
    struct domain *d = ctx;
    s64 now = NOW();

    dom_console_write(&d->console, d->domain_id, s, len, now);
    dom_console_write(&d->console, d->domain_id, "\n", 1, now);
}

static void uart_irq(void *ctx, bool level)
{
    struct domain *d = ctx;

    vioapic_set_irq(&d->arch.hvm->vioapic, VUART_COM1_IRQ, level);
}

static const struct vuart_ops vuart_ops = {
    .line = uart_line,
    .irq = uart_irq,
};

static void acpi_power(void *ctx, enum hvm_acpi_power what)
{
    struct domain *d = ctx;

    if (what == HVM_ACPI_POWER_OFF)
        hvm_domain_shutdown(d, 0, "powered off (ACPI S5)");
    else
        hvm_domain_shutdown(d, 1, "reset (ACPI reset register)");
}

static const struct hvm_acpi_pm_ops acpi_pm_ops = {
    .power = acpi_power,
};

/*
 * The diagnostic port (0x80, where PCs take POST codes): a write is a
 * progress mark of the guest -- the first few record the time since
 * creation, the time spent in guest mode and the exits so far, for the
 * control domain (hvm-list DOMID) and the benchmarks; reads give all-ones
 * as from an ISA port nobody decodes.
 */
static int mark_port(void *ctx, u16 port, unsigned int size, bool write, u32 *val)
{
    struct domain *d = ctx;
    struct hvm_domain *hd = d->arch.hvm;
    u64 now = rdtsc(), guest = 0, exits = 0;
    unsigned long flags;

    if (!write) {
        *val = size == 4 ? ~0u : (1u << (size * 8)) - 1;
        return 0;
    }
    for (unsigned int i = 0; i < hd->nr_vcpus; i++) {
        guest += READ_ONCE(hd->vcpus[i]->arch.hvm->guest_tsc);
        exits += READ_ONCE(hd->vcpus[i]->arch.hvm->exits_total);
    }
    spin_lock_irqsave(&hd->mark_lock, flags);
    if (hd->nr_marks < MHV_HVM_MARKS) {
        unsigned int m = hd->nr_marks++;

        hd->mark_elapsed[m] = now - hd->created_tsc;
        hd->mark_guest[m] = guest;
        hd->mark_exits[m] = exits;
        if (!m)
            for (unsigned int i = 0; i < hd->nr_vcpus; i++)
                for (unsigned int r = 0; r < HVM_NR_EXIT_REASONS; r++)
                    hd->mark0_exit_reasons[r] += READ_ONCE(hd->vcpus[i]->arch.hvm->exits[r]);
    }
    spin_unlock_irqrestore(&hd->mark_lock, flags);
    return 0;
}

static void host_cpuid(u32 leaf, u32 subleaf, struct cpuid_regs *r)
{
    cpuid_count(leaf, subleaf, &r->a, &r->b, &r->c, &r->d);
}

/* ---------------------------------------------------------------- creation */

static int platform_init(struct domain *d, unsigned int nr_vcpus)
{
    struct hvm_domain *hd = d->arch.hvm;
    struct hvm_cpuid_config cc = {
        .nr_vcpus = nr_vcpus,
        .tsc_deadline = VLAPIC_HAS_TSC_DEADLINE,
        .xsave = fpu_uses_xsave(),
    };
    int rc;

    rc = hvm_cpuid_policy_init(&hd->cpuid, &cc, host_cpuid);
    if (rc)
        return rc;
    hvm_io_init(&hd->io, d->domain_id);
    vioapic_init(&hd->vioapic, (u8)nr_vcpus, &vioapic_ops, d);
    vuart_init(&hd->uart, &vuart_ops, d);
    hd->acpi_pm = (struct hvm_acpi_pm){ .ops = &acpi_pm_ops, .ctx = d };
    if ((rc = hvm_io_register(&hd->io, VUART_COM1_BASE, VUART_NR_PORTS,
                              vuart_ioport, &hd->uart, "com1")) ||
        (rc = hvm_io_register(&hd->io, HVM_ACPI_PM_BASE, HVM_ACPI_PM_PORTS,
                              hvm_acpi_pm_ioport, &hd->acpi_pm, "acpi-pm")) ||
        (rc = hvm_io_register(&hd->io, MHV_HVM_MARK_PORT, 1, mark_port, d,
                              "diag")) ||
        (rc = hvm_rtc_stub_init(&hd->rtc, HVM_RTC_STUB_DEFAULT_TIME)) ||
        (rc = hvm_io_register(&hd->io, HVM_RTC_STUB_PORT, HVM_RTC_STUB_PORTS,
                              hvm_rtc_stub_ioport, &hd->rtc, "rtc")) ||
        (rc = hvm_io_register_pit_stub(&hd->io)))
        return rc;
    return 0;
}

/* The ACPI tables; with @pci, the host bridge of a virtual PCI bus. */
static int acpi_tables_init(struct domain *d, bool pci, paddr_t *rsdp)
{
    struct hvm_domain *hd = d->arch.hvm;
    u32 ids[HVM_MAX_VCPUS];
    struct hvm_acpi_config cfg = {
        .base = HVM_ACPI_GPA,
        .nr_vcpus = hd->nr_vcpus,
        .apic_ids = ids,
        .ioapic = true,
        .ioapic_id = (u8)hd->nr_vcpus,
        .ioapic_addr = VIOAPIC_BASE,
        .ioapic_gsi_base = 0,
        .com1 = true,
        .pci = pci,
        .pci_mmio_base = HVM_PCI_WINDOW_BASE,
        .pci_mmio_size = HVM_PCI_WINDOW_SIZE,
    };
    size_t len = hvm_acpi_size(hd->nr_vcpus);
    void *buf;
    int rc;

    if (len > HVM_ACPI_MAX)
        return -E2BIG;
    for (unsigned int i = 0; i < hd->nr_vcpus; i++)
        ids[i] = i;
    buf = xmalloc_bytes(len);
    if (!buf)
        return -ENOMEM;
    rc = hvm_acpi_build(&cfg, buf, len, rsdp);
    if (!rc)
        rc = hvm_memory_write(&hd->mem, HVM_ACPI_GPA, buf, len);
    xfree(buf);
    return rc;
}

/*
 * The only firmware code there is: at the reset vector (F000:FFF0, where
 * a processor starts after a reset and where Linux's "BIOS" reboot jumps
 * in real mode), a reset of the platform through the ACPI reset register,
 * as firmware would do; then halt.
 */
static int firmware_init(struct domain *d)
{
    static const u8 reset_stub[] = {
        0xba, HVM_ACPI_RESET_PORT & 0xff, HVM_ACPI_RESET_PORT >> 8, /* mov $port, %dx */
        0xb0, HVM_ACPI_RESET_VALUE,                                 /* mov $value, %al */
        0xee,                                                       /* out %al, %dx */
        0xfa,                                                       /* cli */
        0xf4,                                                       /* 1: hlt */
        0xeb, 0xfd,                                                 /* jmp 1b */
    };

    BUILD_BUG_ON(sizeof(reset_stub) > 16);
    return hvm_memory_write(&d->arch.hvm->mem, HVM_RESET_VECTOR, reset_stub,
                            sizeof(reset_stub));
}

static int write_gpa(void *ctx, paddr_t gpa, const void *src, size_t len)
{
    return hvm_memory_write(ctx, gpa, src, len);
}

static int load_kernel(struct domain *d, const struct hvm_build_args *a,
                       paddr_t rsdp)
{
    struct hvm_domain *hd = d->arch.hvm;
    struct linux_e820 map[8];
    struct linux_boot_config cfg = {
        .image = a->kernel,
        .image_len = a->kernel_len,
        .initrd = a->initrd,
        .initrd_len = a->initrd_len,
        .cmdline = a->cmdline,
        .map = map,
        .nr_map = hvm_memory_e820(&hd->mem, map, ARRAY_SIZE(map)),
        .acpi_rsdp = rsdp,
        .boot_gpa = HVM_BOOT_AREA_GPA,
        .write = write_gpa,
        .ctx = &hd->mem,
    };
    struct linux_boot_entry e;
    struct hvm_entry_state st;
    const char *why = NULL;
    int rc;

    rc = linux_boot_load(&cfg, &e, &why);
    if (rc) {
        printk(LOG_ERR "d%u: cannot load the kernel: %s (%d)\n", d->domain_id,
               why ? why : "error", rc);
        return rc;
    }
    st = (struct hvm_entry_state){
        .rip = e.rip, .rsi = e.rsi, .rflags = e.rflags,
        .cr0 = e.cr0, .cr3 = e.cr3, .cr4 = e.cr4, .efer = e.efer,
        .gdt_base = e.gdt_base, .gdt_limit = e.gdt_limit,
        .cs = e.cs, .ds = e.ds, .cs_desc = e.cs_desc, .ds_desc = e.ds_desc,
    };
    hvm_ops->vcpu_set_state(hd->vcpus[0], &st);
    printk("d%u: kernel at %#lx (entry %#lx)%s, %lu MiB of RAM\n", d->domain_id,
           e.kernel_gpa, e.rip, e.initrd_gpa ? ", initramfs loaded" : "",
           (unsigned long)((hd->mem.low_bytes + hd->mem.high_bytes) >> 20));
    return 0;
}

/* ---------------------------------------------------------------- the kind */

int hvm_arch_domain_create(struct domain *d)
{
    struct hvm_domain *hd;
    int rc;

    if (!hvm_enabled())
        return -ENODEV;
    hd = xzalloc(struct hvm_domain);
    if (!hd)
        return -ENOMEM;
    d->arch.hvm = hd;
    spin_lock_init_class(&hd->mark_lock, "hvm_domain->mark_lock");
    INIT_LIST_HEAD(&hd->mmio_maps);
    rc = hvm_ops->domain_init(d);
    if (rc) {
        xfree(hd);
        d->arch.hvm = NULL;
    }
    return rc;
}

unsigned long hvm_arch_domain_destroy(struct domain *d)
{
    struct hvm_domain *hd = d->arch.hvm;
    unsigned long pages;

    if (!hd)
        return 0;
    /* The map is gone (gpmap_destroy(): RAM, nested tables): what is left
     * is the index into it and the vendor's domain struct.  Device memory
     * went with its devices, before (their leave steps). */
    ASSERT(list_empty(&hd->mmio_maps));
    pages = hvm_memory_free(&hd->mem);
    hvm_ops->domain_destroy(d);
    return pages;
}

void hvm_domain_release(struct domain *d)
{
    struct hvm_domain *hd = d->arch.hvm;

    for (unsigned int i = 0; i < HVM_MAX_VCPUS; i++)
        ASSERT(!hd || !hd->vcpus[i]);
    xfree(hd);
    d->arch.hvm = NULL;
}

int hvm_vcpu_init(struct vcpu *v)
{
    struct hvm_domain *hd = v->domain->arch.hvm;
    struct hvm_vcpu *h = xzalloc(struct hvm_vcpu);
    unsigned int id = hd->nr_vcpus;

    if (!h)
        return -ENOMEM;
    ASSERT(id < HVM_MAX_VCPUS);
    v->arch.hvm = h;
    h->vcpu = v;
    h->id = id;
    h->run_state = id ? HVM_VCPU_WAIT_SIPI : HVM_VCPU_RUNNING;
    h->msr_pat = 0x0007040600070406ull;
    h->xcr0 = XSTATE_X87;
    init_timer(&h->vlapic_timer, vlapic_timer_expired, h);
    vlapic_init(&h->vlapic, id, id == 0, hd->tsc_khz, &vlapic_ops, v);
    return hvm_ops->vcpu_init(v);
}

void hvm_vcpu_destroy(struct vcpu *v)
{
    struct hvm_vcpu *h = v->arch.hvm;

    if (!h)
        return;
    ASSERT(!h->vlapic_timer.active);
    hvm_ops->vcpu_destroy(v);
    xfree(h);
    v->arch.hvm = NULL;
}

/* ---------------------------------------------------------------- nested tables */

int hvm_p2m_map(struct domain *d, const struct gpmap_range *r)
{
    unsigned int prot = (r->flags & GPMAP_WRITE ? HVM_P2M_WRITE : 0) |
                        (r->flags & GPMAP_EXEC ? HVM_P2M_EXEC : 0) |
                        (r->type == GPMAP_MMIO ? HVM_P2M_UC : 0);

    return hvm_ops->p2m_map(d, r->gaddr, r->pa, r->npages, prot);
}

void hvm_p2m_unmap(struct domain *d, const struct gpmap_range *r)
{
    hvm_ops->p2m_unmap(d, r->gaddr, r->npages);
}

void hvm_p2m_flush(struct domain *d)
{
    struct hvm_domain *hd = d->arch.hvm;
    unsigned int cpus = hvm_ops->p2m_flush(d);

    __atomic_add_fetch(&hd->p2m_flushes, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&hd->p2m_flush_cpus, cpus, __ATOMIC_RELAXED);
}

unsigned long hvm_p2m_destroy(struct domain *d)
{
    return hvm_ops->p2m_destroy(d);
}

/* ---------------------------------------------------------------- building */

int hvm_domain_build(struct domain *d, const struct hvm_build_args *a)
{
    struct hvm_domain *hd = d->arch.hvm;
    paddr_t rsdp = 0;
    int rc;

    hd->tsc_khz = cpu_khz;
    hd->created_tsc = rdtsc();
    hd->tsc_offset = -rdtsc();      /* the guest's TSC starts near 0 */
    rc = hvm_memory_alloc(d, &hd->mem, a->mem_bytes);
    if (!rc)
        rc = platform_init(d, a->nr_vcpus);
    for (unsigned int i = 0; i < a->nr_vcpus && !rc; i++) {
        struct vcpu *v = vcpu_alloc(d, a->cpus[i], &(struct vcpu_start){ .arg = i });

        if (!v) {
            rc = -ENOMEM;
            break;
        }
        hd->vcpus[hd->nr_vcpus++] = v;
    }
    hd->live_vcpus = hd->nr_vcpus;
    if (!rc)
        rc = acpi_tables_init(d, a->pci, &rsdp);
    if (!rc)
        rc = firmware_init(d);
    if (!rc)
        rc = load_kernel(d, a, rsdp);
    if (rc)
        return rc;
    printk("d%u: HVM domain with %u vCPU(s) (boot vCPU on CPU %u), "
           "%lu pages of RAM (%lu in 4 KiB slots)\n", d->domain_id, hd->nr_vcpus,
           a->cpus[0], hd->mem.pages, hd->mem.split_slots);
    return 0;
}

void hvm_domain_unbuild(struct domain *d)
{
    struct hvm_domain *hd = d->arch.hvm;

    for (unsigned int i = 0; i < HVM_MAX_VCPUS; i++) {
        struct vcpu *v = hd->vcpus[i];

        if (!v)
            continue;
        /* Never ran, or was reaped on its CPU: its vLAPIC timer is
         * stopped, no CPU holds it. */
        vcpu_free(v);
        hd->vcpus[i] = NULL;
    }
    hd->nr_vcpus = 0;
    d->vcpu = NULL;
}

bool hvm_console_input(struct domain *d, const char *s, size_t len)
{
    if (!is_hvm_domain(d) || READ_ONCE(d->state) != MHV_DOMSTATE_RUNNING)
        return false;
    if (len && vuart_input(&d->arch.hvm->uart, s, len) < len)
        gprintk(LOG_WARNING "d%u: console input dropped (its COM1 queue is "
                "full)\n", d->domain_id);
    return true;
}

/* ---------------------------------------------------------------- state */

void hvm_domain_info(struct domain *d, struct mhv_hvm_info *out)
{
    struct hvm_domain *hd = d->arch.hvm;
    struct hvm_io_unclaimed ports[HVM_IO_UNCLAIMED_SLOTS];
    unsigned int nports;
    u64 overflow = 0;

    out->nr_vcpus = hd->nr_vcpus;
    out->mem_bytes = hd->mem.low_bytes + hd->mem.high_bytes;
    for (unsigned int n = 0; n < hd->nr_vcpus; n++) {
        const struct hvm_vcpu *h = hd->vcpus[n]->arch.hvm;

        for (unsigned int r = 0; r < HVM_NR_EXIT_REASONS; r++)
            out->exits[r] += READ_ONCE(h->exits[r]);
        out->exits_total += READ_ONCE(h->exits_total);
        out->vcpu_cpu[n] = hd->vcpus[n]->processor;
        out->vcpu_rip[n] = READ_ONCE(h->rip);
    }
    out->npf_unclaimed_reads = READ_ONCE(hd->npf_unclaimed_reads);
    out->npf_unclaimed_writes = READ_ONCE(hd->npf_unclaimed_writes);
    out->msr_refused = READ_ONCE(hd->msr_refused);
    out->p2m_flushes = READ_ONCE(hd->p2m_flushes);
    out->p2m_flush_cpus = READ_ONCE(hd->p2m_flush_cpus);
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
    out->nr_marks = READ_ONCE(hd->nr_marks);
    for (unsigned int m = 0; m < min(out->nr_marks, (u32)MHV_HVM_MARKS); m++) {
        out->mark_elapsed[m] = hd->mark_elapsed[m];
        out->mark_guest[m] = hd->mark_guest[m];
        out->mark_exits[m] = hd->mark_exits[m];
    }
    for (unsigned int r = 0; r < HVM_NR_EXIT_REASONS; r++)
        out->mark0_exit_reasons[r] = hd->mark0_exit_reasons[r];
    if (__atomic_load_n(&d->state, __ATOMIC_ACQUIRE) != MHV_DOMSTATE_RUNNING)
        strlcpy(out->stop_reason, hd->stop_reason, sizeof(out->stop_reason));
}

/* ---------------------------------------------------------------- death */

void hvm_domain_stopping(struct domain *d, const char *reason)
{
    struct hvm_domain *hd = d->arch.hvm;

    strlcpy(hd->stop_reason, reason, sizeof(hd->stop_reason));
    vuart_flush(&hd->uart);
}

void hvm_domain_crash(struct vcpu *v, const char *fmt, ...)
{
    char why[96];
    va_list ap;
    int n;

    n = snprintf(why, sizeof(why), "vCPU %u: ", v->arch.hvm->id);
    va_start(ap, fmt);
    vsnprintf(why + n, sizeof(why) - n, fmt, ap);
    va_end(ap);
    hvm_domain_kill(v->domain, MHV_DOMSTATE_CRASHED, 0, why);
}

void hvm_domain_shutdown(struct domain *d, unsigned int code, const char *why)
{
    hvm_domain_kill(d, MHV_DOMSTATE_SHUTDOWN, code, why);
}
