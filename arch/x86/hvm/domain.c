/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HVM domains: creation with their virtual platform, death and
 * destruction (model and lock rules in <asm/hvm/domain.h>).
 *
 * The platform (docs/hvm.md): per vCPU a vLAPIC in x2APIC mode with its
 * timer on the vCPU's CPU; per domain an IOAPIC at 0xFEC00000, COM1 (an
 * 8250 at 0x3F8 on IRQ 4) whose lines go to the console as "(dN) ...",
 * hardware-reduced ACPI tables with the power-management ports at 0x600
 * (power off, reset), the PIT stub at 0x42/0x61, and the CPUID policy.
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

static u64 vl_guest_tsc(struct vlapic *vl)
{
    return rdtsc() + vlapic_vcpu(vl)->domain->hvm->tsc_offset;
}

/* The vLAPIC's timer is its vCPU's, on the vCPU's CPU: the vLAPIC is
 * programmed by its own vCPU (exits) and its own timer (re-arming). */
static void vl_timer_set(struct vlapic *vl, s_time_t expires)
{
    struct vcpu *v = vlapic_vcpu(vl);

    ASSERT(v->processor == smp_processor_id());
    set_timer(&v->hvm->vlapic_timer, expires);
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
        stop_timer(&v->hvm->vlapic_timer);
}

static void deliver_to_domain(struct domain *d, const struct vlapic *src,
                              const struct vlapic_irq *irq)
{
    struct hvm_domain *hd = d->hvm;
    struct vlapic *set[HVM_MAX_VCPUS];

    for (unsigned int i = 0; i < hd->nr_vcpus; i++)
        set[i] = &hd->vcpus[i]->hvm->vlapic;
    vlapic_deliver_set(set, hd->nr_vcpus, src, irq);
}

static void vl_send_ipi(struct vlapic *src, const struct vlapic_irq *irq)
{
    deliver_to_domain(vlapic_vcpu(src)->domain, src, irq);
}

static void vl_eoi(struct vlapic *vl, u8 vector)
{
    vioapic_eoi(&vlapic_vcpu(vl)->domain->hvm->vioapic, vector);
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

    vioapic_set_irq(&d->hvm->vioapic, VUART_COM1_IRQ, level);
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
    struct hvm_domain *hd = d->hvm;
    u64 now = rdtsc(), guest = 0, exits = 0;
    unsigned long flags;

    if (!write) {
        *val = size == 4 ? ~0u : (1u << (size * 8)) - 1;
        return 0;
    }
    for (unsigned int i = 0; i < hd->nr_vcpus; i++) {
        guest += READ_ONCE(hd->vcpus[i]->hvm->guest_tsc);
        exits += READ_ONCE(hd->vcpus[i]->hvm->exits_total);
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
                    hd->mark0_exit_reasons[r] += READ_ONCE(hd->vcpus[i]->hvm->exits[r]);
    }
    spin_unlock_irqrestore(&hd->mark_lock, flags);
    return 0;
}

static void host_cpuid(u32 leaf, u32 subleaf, struct cpuid_regs *r)
{
    cpuid_count(leaf, subleaf, &r->a, &r->b, &r->c, &r->d);
}

/* ---------------------------------------------------------------- creation */

static int platform_init(struct domain *d)
{
    struct hvm_domain *hd = d->hvm;
    struct hvm_cpuid_config cc = {
        .nr_vcpus = hd->nr_vcpus,
        .tsc_deadline = VLAPIC_HAS_TSC_DEADLINE,
        .xsave = fpu_uses_xsave(),
    };
    int rc;

    rc = hvm_cpuid_policy_init(&hd->cpuid, &cc, host_cpuid);
    if (rc)
        return rc;
    hvm_io_init(&hd->io, d->domain_id);
    vioapic_init(&hd->vioapic, (u8)hd->nr_vcpus, &vioapic_ops, d);
    vuart_init(&hd->uart, &vuart_ops, d);
    hd->acpi_pm = (struct hvm_acpi_pm){ .ops = &acpi_pm_ops, .ctx = d };
    if ((rc = hvm_io_register(&hd->io, VUART_COM1_BASE, VUART_NR_PORTS,
                              vuart_ioport, &hd->uart, "com1")) ||
        (rc = hvm_io_register(&hd->io, HVM_ACPI_PM_BASE, HVM_ACPI_PM_PORTS,
                              hvm_acpi_pm_ioport, &hd->acpi_pm, "acpi-pm")) ||
        (rc = hvm_io_register(&hd->io, MHV_HVM_MARK_PORT, 1, mark_port, d,
                              "diag")) ||
        (rc = hvm_io_register_pit_stub(&hd->io)))
        return rc;
    return 0;
}

static int acpi_tables_init(struct domain *d, paddr_t *rsdp)
{
    struct hvm_domain *hd = d->hvm;
    u32 ids[HVM_MAX_VCPUS];
    struct hvm_acpi_config cfg = {
        .base = HVM_ACPI_GPA,
        .nr_vcpus = hd->nr_vcpus,
        .apic_ids = ids,
        .ioapic = true,
        .ioapic_id = (u8)hd->nr_vcpus,
        .ioapic_addr = VIOAPIC_BASE,
        .ioapic_gsi_base = 0,
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
    return hvm_memory_write(&d->hvm->mem, HVM_RESET_VECTOR, reset_stub,
                            sizeof(reset_stub));
}

static int write_gpa(void *ctx, paddr_t gpa, const void *src, size_t len)
{
    return hvm_memory_write(ctx, gpa, src, len);
}

static int load_kernel(struct domain *d, const struct hvm_create_args *a,
                       paddr_t rsdp)
{
    struct hvm_domain *hd = d->hvm;
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

static int vcpu_init_one(struct domain *d, unsigned int id, unsigned int cpu)
{
    struct hvm_domain *hd = d->hvm;
    struct vcpu *v = vcpu_alloc(d, cpu);
    struct hvm_vcpu *h;
    int rc;

    if (!v)
        return -ENOMEM;
    h = xzalloc(struct hvm_vcpu);
    if (!h) {
        vcpu_free(v);
        return -ENOMEM;
    }
    v->hvm = h;
    h->vcpu = v;
    h->id = id;
    h->run_state = id ? HVM_VCPU_WAIT_SIPI : HVM_VCPU_RUNNING;
    h->msr_pat = 0x0007040600070406ull;
    h->xcr0 = 1;
    init_timer(&h->vlapic_timer, vlapic_timer_expired, h);
    vlapic_init(&h->vlapic, id, id == 0, hd->tsc_khz, &vlapic_ops, v);
    hd->vcpus[id] = v;
    rc = hvm_ops->vcpu_init(v);
    return rc;
}

/* Free the structs of @d's vCPUs (none runs or ever will). */
static void free_vcpu_structs(struct domain *d)
{
    struct hvm_domain *hd = d->hvm;

    for (unsigned int i = 0; i < HVM_MAX_VCPUS; i++) {
        struct vcpu *v = hd->vcpus[i];

        if (!v)
            continue;
        xfree(v->hvm);
        vcpu_free(v);
        hd->vcpus[i] = NULL;
    }
    d->vcpu = NULL;
}

/* What creation built, before any vCPU ran: undone here. */
static void creation_failed(struct domain *d)
{
    struct hvm_domain *hd = d->hvm;

    for (unsigned int i = 0; i < HVM_MAX_VCPUS; i++)
        if (hd->vcpus[i]) {
            vlapic_destroy(&hd->vcpus[i]->hvm->vlapic);
            hvm_ops->vcpu_destroy(hd->vcpus[i]);
        }
    hvm_ops->domain_destroy(d);
    hvm_memory_free(&hd->mem);
    free_vcpu_structs(d);
    domain_free_address_space(d);
    d->state = MHV_DOMSTATE_CRASHED;
    xfree(hd);
    d->hvm = NULL;
    domain_destroy_struct(d);
}

int hvm_domain_create(const struct hvm_create_args *a, domid_t *domid)
{
    struct domain *d;
    struct hvm_domain *hd;
    paddr_t rsdp = 0;
    int rc;

    if (!hvm_enabled())
        return -ENODEV;
    if (!a->nr_vcpus || a->nr_vcpus > HVM_MAX_VCPUS)
        return -EINVAL;
    for (unsigned int i = 0; i < a->nr_vcpus; i++)
        if (!cpu_online(a->cpus[i]))
            return -EINVAL;

    d = domain_alloc(false);
    if (!d)
        return -ENOMEM;
    hd = xzalloc(struct hvm_domain);
    if (!hd) {
        domain_free_address_space(d);
        d->state = MHV_DOMSTATE_CRASHED;
        domain_destroy_struct(d);
        return -ENOMEM;
    }
    d->hvm = hd;
    snprintf(d->name, sizeof(d->name), "hvm%u", d->domain_id);
    hd->nr_vcpus = a->nr_vcpus;
    hd->live_vcpus = a->nr_vcpus;
    hd->tsc_khz = cpu_khz;
    hd->created_tsc = rdtsc();
    spin_lock_init_class(&hd->mark_lock, "hvm_domain->mark_lock");
    hd->tsc_offset = -rdtsc();      /* the guest's TSC starts near 0 */

    rc = hvm_memory_alloc(&hd->mem, a->mem_bytes);
    if (!rc)
        rc = hvm_ops->domain_init(d);
    if (!rc)
        rc = platform_init(d);
    for (unsigned int i = 0; i < a->nr_vcpus && !rc; i++)
        rc = vcpu_init_one(d, i, a->cpus[i]);
    if (!rc)
        rc = acpi_tables_init(d, &rsdp);
    if (!rc)
        rc = firmware_init(d);
    if (!rc)
        rc = load_kernel(d, a, rsdp);
    if (rc) {
        printk(LOG_ERR "d%u: HVM domain not created: %d\n", d->domain_id, rc);
        creation_failed(d);
        return rc;
    }

    d->vcpu = hd->vcpus[0];
    *domid = d->domain_id;
    printk("d%u: HVM domain with %u vCPU(s) (boot vCPU on CPU %u), "
           "%lu pages of RAM (%lu in 4 KiB slots)\n", d->domain_id, hd->nr_vcpus,
           a->cpus[0], hd->mem.pages, hd->mem.split_slots);
    /* The APs stay blocked until their vLAPIC has a SIPI for them. */
    vcpu_wake(hd->vcpus[0]);
    return 0;
}

bool hvm_console_input(struct domain *d, const char *s, size_t len)
{
    if (!d->hvm || READ_ONCE(d->state) != MHV_DOMSTATE_RUNNING)
        return false;
    if (len && vuart_input(&d->hvm->uart, s, len) < len)
        gprintk(LOG_WARNING "d%u: console input dropped (its COM1 queue is "
                "full)\n", d->domain_id);
    return true;
}

/* ---------------------------------------------------------------- death */

void hvm_domain_kill(struct domain *d, unsigned int final, unsigned int code,
                     const char *reason)
{
    struct hvm_domain *hd = d->hvm;
    unsigned int running = MHV_DOMSTATE_RUNNING;

    if (!__atomic_compare_exchange_n(&d->state, &running, MHV_DOMSTATE_DYING,
                                     false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return;
    d->final_state = final;
    d->shutdown_code = code;
    strlcpy(hd->stop_reason, reason, sizeof(hd->stop_reason));
    printk(final == MHV_DOMSTATE_CRASHED ? LOG_ERR "d%u crashed: %s\n"
                                         : "d%u: shut down: %s\n",
           d->domain_id, reason);
    vuart_flush(&hd->uart);
    domain_release_devices(d);
    for (unsigned int i = 0; i < hd->nr_vcpus; i++)
        vcpu_down(hd->vcpus[i]);
}

void hvm_domain_crash(struct vcpu *v, const char *fmt, ...)
{
    char why[96];
    va_list ap;
    int n;

    n = snprintf(why, sizeof(why), "vCPU %u: ", v->hvm->id);
    va_start(ap, fmt);
    vsnprintf(why + n, sizeof(why) - n, fmt, ap);
    va_end(ap);
    hvm_domain_kill(v->domain, MHV_DOMSTATE_CRASHED, 0, why);
}

void hvm_domain_shutdown(struct domain *d, unsigned int code, const char *why)
{
    hvm_domain_kill(d, MHV_DOMSTATE_SHUTDOWN, code, why);
}

/*
 * The last vCPU has left its CPU: free the guest's memory, its nested
 * tables and control blocks, then publish the final state
 * (domain_free_address_space()).  Interrupts may be off (the scheduler).
 */
void hvm_domain_free_memory(struct domain *d)
{
    struct hvm_domain *hd = d->hvm;
    unsigned long pages;

    for (unsigned int i = 0; i < hd->nr_vcpus; i++)
        hvm_ops->vcpu_destroy(hd->vcpus[i]);
    hvm_ops->domain_destroy(d);
    pages = hvm_memory_free(&hd->mem);
    printk("d%u: guest memory freed (%lu pages)\n", d->domain_id, pages);
    domain_free_address_space(d);
}

int hvm_domain_destroy(struct domain *d)
{
    unsigned int state;

    if (!d->hvm)
        return -EINVAL;
    hvm_domain_kill(d, MHV_DOMSTATE_SHUTDOWN, 0, "destroyed by the control domain");
    state = __atomic_load_n(&d->state, __ATOMIC_ACQUIRE);
    if (state != MHV_DOMSTATE_SHUTDOWN && state != MHV_DOMSTATE_CRASHED)
        return -EAGAIN;
    free_vcpu_structs(d);
    xfree(d->hvm);
    d->hvm = NULL;
    printk("d%u: destroyed\n", d->domain_id);
    domain_destroy_struct(d);
    return 0;
}
