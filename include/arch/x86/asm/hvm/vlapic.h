/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual local APIC of an HVM vCPU, in x2APIC mode only.
 *
 * The guest reaches it through MSRs: 0x800-0x8FF (the x2APIC registers),
 * IA32_APIC_BASE (0x1B) and IA32_TSC_DEADLINE (0x6E0).  It is enabled in
 * x2APIC mode from reset (firmware's hand-over state); xAPIC MMIO is not
 * offered, so a guest that tries to leave x2APIC mode for xAPIC mode gets
 * -EOPNOTSUPP (the caller stops it with that reason).
 *
 * What it models: ID (the vCPU's x2APIC ID, read-only), version, TPR/PPR,
 * EOI (highest ISR bit cleared; a level-triggered vector is broadcast to
 * the IOAPIC through ops->eoi), ISR/IRR/TMR, SVR (software enable, focus
 * checking off), LDR (derived from the ID, read-only), the LVTs (timer,
 * thermal, perf, LINT0, LINT1, error), ESR, ICR (fixed and lowest-priority
 * IPIs with physical, logical-cluster and shorthand destinations, NMI,
 * INIT and SIPI), SELF_IPI, and the timer in one-shot, periodic and
 * TSC-deadline modes.  The timer counts at VLAPIC_BUS_HZ (one tick per
 * nanosecond, before the divider).
 *
 * Results of the MSR functions follow hardware: 0 done; -EINVAL the access
 * is one the hardware answers with #GP (reserved register, write to a
 * read-only one, read of a write-only one, reserved bits set): the caller
 * injects #GP(0); -EOPNOTSUPP a valid request the platform does not offer
 * (the caller stops the guest and logs the reason).
 *
 * Everything that leaves the unit goes through struct vlapic_ops: time,
 * the vCPU's timer, IPIs to other vCPUs, EOI broadcast, waking the vCPU.
 *
 * Locking: each vlapic has its own IRQ-safe spinlock (vlapic->lock) taken
 * by every function below; callers hold no vlapic lock.  Interrupts can
 * arrive from anywhere (other vCPUs, the vIOAPIC, device interrupts in
 * interrupt context, the timer callback).  Lock order: vuart.lock ->
 * vioapic.lock -> vlapic.lock.  ops->timer_set/timer_stop are called with
 * the lock held and must not call back into the vlapic; every other op is
 * called without it.
 */
#ifndef ASM_X86_HVM_VLAPIC_H
#define ASM_X86_HVM_VLAPIC_H

#include <mhv/types.h>
#include <mhv/spinlock.h>

/* MSRs this unit answers (vlapic_owns_msr()). */
#define MSR_IA32_APIC_BASE      0x0000001bu
#define  APIC_BASE_BSP          (1ull << 8)
#define  APIC_BASE_EXTD         (1ull << 10)    /* x2APIC mode */
#define  APIC_BASE_EN           (1ull << 11)
#define  APIC_BASE_ADDR_DEFAULT 0xfee00000ull
#define MSR_IA32_TSC_DEADLINE   0x000006e0u
#define MSR_X2APIC_FIRST        0x00000800u
#define MSR_X2APIC_LAST         0x000008ffu

/* x2APIC MSR numbers (0x800 + xAPIC offset / 16). */
#define X2APIC_ID           0x802
#define X2APIC_VERSION      0x803
#define X2APIC_TPR          0x808
#define X2APIC_PPR          0x80a
#define X2APIC_EOI          0x80b
#define X2APIC_LDR          0x80d
#define X2APIC_SVR          0x80f
#define X2APIC_ISR0         0x810   /* ..0x817 */
#define X2APIC_TMR0         0x818   /* ..0x81f */
#define X2APIC_IRR0         0x820   /* ..0x827 */
#define X2APIC_ESR          0x828
#define X2APIC_LVT_CMCI     0x82f
#define X2APIC_ICR          0x830
#define X2APIC_LVTT         0x832
#define X2APIC_LVT_THERMAL  0x833
#define X2APIC_LVT_PERF     0x834
#define X2APIC_LVT_LINT0    0x835
#define X2APIC_LVT_LINT1    0x836
#define X2APIC_LVT_ERROR    0x837
#define X2APIC_TMICT        0x838
#define X2APIC_TMCCT        0x839
#define X2APIC_TDCR         0x83e
#define X2APIC_SELF_IPI     0x83f

/* Register bits. */
#define VLAPIC_VERSION          0x14u   /* integrated APIC */
#define VLAPIC_NR_LVT           6       /* timer..error: max LVT entry 5 */
#define VLAPIC_SVR_ENABLE       (1u << 8)
#define VLAPIC_LVT_MASKED       (1u << 16)
#define VLAPIC_LVT_LEVEL        (1u << 15)
#define VLAPIC_LVT_REMOTE_IRR   (1u << 14)
#define VLAPIC_LVT_PENDING      (1u << 12)
#define VLAPIC_LVTT_MODE_MASK   (3u << 17)
#define VLAPIC_LVTT_ONESHOT     (0u << 17)
#define VLAPIC_LVTT_PERIODIC    (1u << 17)
#define VLAPIC_LVTT_DEADLINE    (2u << 17)
#define VLAPIC_ESR_SEND_ILLEGAL (1u << 5)
#define VLAPIC_ESR_RECV_ILLEGAL (1u << 6)
#define VLAPIC_ESR_ILLEGAL_REG  (1u << 7)

/* The timer's input clock: 1 GHz, so a tick before the divider is 1 ns. */
#define VLAPIC_BUS_HZ           1000000000ull
/* TSC-deadline mode is offered (CPUID.1:ECX.TSC_DEADLINE). */
#define VLAPIC_HAS_TSC_DEADLINE 1

/* Delivery modes (ICR bits 10:8, IOAPIC RTE and MSI data bits 10:8). */
enum vlapic_dm {
    VLAPIC_DM_FIXED = 0,
    VLAPIC_DM_LOWPRI = 1,
    VLAPIC_DM_SMI = 2,
    VLAPIC_DM_NMI = 4,
    VLAPIC_DM_INIT = 5,
    VLAPIC_DM_STARTUP = 6,
    VLAPIC_DM_EXTINT = 7,
};

/* ICR destination shorthands (bits 19:18). */
enum vlapic_shorthand {
    VLAPIC_SH_NONE = 0,
    VLAPIC_SH_SELF = 1,
    VLAPIC_SH_ALL = 2,
    VLAPIC_SH_ALL_BUT_SELF = 3,
};

/* x2APIC broadcast destination (physical mode). */
#define VLAPIC_DEST_BROADCAST 0xffffffffu

/*
 * One interrupt message: an IPI from an ICR write, an IOAPIC redirection,
 * or an MSI.  Destinations are x2APIC IDs (physical) or x2APIC logical IDs
 * (cluster << 16 | bitmap).
 */
struct vlapic_irq {
    u32 dest;
    u8 vector;
    u8 dm;              /* enum vlapic_dm */
    u8 shorthand;       /* enum vlapic_shorthand: ICR only, else NONE */
    bool logical;       /* logical destination mode */
    bool level;         /* level-triggered (sets TMR; EOI is broadcast) */
};

struct vlapic;

struct vlapic_ops {
    /* The time base: nanoseconds, monotonic (NOW() in the hypervisor). */
    s_time_t (*now)(struct vlapic *v);
    /* The guest's TSC now (host TSC + the vCPU's TSC offset). */
    u64 (*guest_tsc)(struct vlapic *v);
    /*
     * Arm (or move) the vCPU's one timer to fire at @expires; on expiry the
     * owner calls vlapic_timer_fired().  Called with v->lock held.
     */
    void (*timer_set)(struct vlapic *v, s_time_t expires);
    void (*timer_stop)(struct vlapic *v);
    /*
     * An ICR write sends @irq to vCPUs other than (or besides) this one.
     * The owner finds the targets (vlapic_match()) and calls
     * vlapic_deliver() on each, e.g. with vlapic_deliver_set().  Self-only
     * IPIs (SELF_IPI, shorthand self) never come here.
     */
    void (*send_ipi)(struct vlapic *src, const struct vlapic_irq *irq);
    /* A level-triggered @vector was EOIed: broadcast it (vioapic_eoi()). */
    void (*eoi)(struct vlapic *v, u8 vector);
    /*
     * Something became pending for this vCPU (an interrupt, NMI, INIT or
     * SIPI): wake it if it sleeps, make it exit if it runs elsewhere.
     * May be called from interrupt context.
     */
    void (*kick)(struct vlapic *v);
};

/* Events for the vCPU's run loop, from vlapic_take_events(). */
#define VLAPIC_EV_NMI   (1u << 0)   /* inject an NMI */
#define VLAPIC_EV_INIT  (1u << 1)   /* reset the vCPU to wait-for-SIPI */
#define VLAPIC_EV_SIPI  (1u << 2)   /* start at *sipi_vector << 12 (real mode) */

struct vlapic {
    spinlock_t lock;
    const struct vlapic_ops *ops;
    void *owner;            /* the caller's (vCPU); vlapic_owner() */
    u32 id;                 /* x2APIC ID (read-only) */
    bool bsp;
    u64 apic_base;          /* IA32_APIC_BASE */
    u32 tpr, svr, esr, esr_pending;
    u32 lvt[VLAPIC_NR_LVT]; /* timer, thermal, perf, LINT0, LINT1, error */
    u64 icr;
    u32 irr[8], isr[8], tmr[8];
    /* Timer: counting state in the vlapic's own time base (ns). */
    u32 tmict, tdcr;
    s_time_t timer_start;   /* when the current count started (TMICT write
                               or period reload) */
    s_time_t timer_period;  /* ns for TMICT ticks with the divider */
    bool timer_armed;
    u64 tsc_deadline;       /* TSC-deadline mode: 0 = disarmed */
    /* vCPU events (NMI, INIT, SIPI). */
    u32 events;
    u8 sipi_vector;
    bool wait_for_sipi;     /* INIT received, no SIPI yet */
    u64 tsc_khz;            /* guest TSC rate, for TSC-deadline mode */
    /* Counters, for the control domain's exit statistics. */
    u64 stat_ipis, stat_timer_fires, stat_eois;
};

/*
 * Set @v up as after power-on in x2APIC mode: x2APIC ID @id, the BSP flag
 * when @bsp, every LVT masked, software-disabled (SVR = 0xFF), timer idle.
 * @tsc_khz is the guest's TSC rate (TSC-deadline conversion).
 */
void vlapic_init(struct vlapic *v, u32 id, bool bsp, u64 tsc_khz,
                 const struct vlapic_ops *ops, void *owner);

/* Stop the timer (domain teardown).  The vlapic answers nothing after. */
void vlapic_destroy(struct vlapic *v);

static inline void *vlapic_owner(const struct vlapic *v) { return v->owner; }

/* True for the MSRs vlapic_rdmsr()/vlapic_wrmsr() answer. */
bool vlapic_owns_msr(u32 msr);

/* Guest RDMSR/WRMSR of an owned MSR: 0, -EINVAL (#GP) or -EOPNOTSUPP. */
int vlapic_rdmsr(struct vlapic *v, u32 msr, u64 *val);
int vlapic_wrmsr(struct vlapic *v, u32 msr, u64 val);

/*
 * Interrupt injection.  vlapic_pending_vector(): the highest vector in IRR
 * whose priority class is above PPR while the APIC is software-enabled,
 * else -1 (the caller still checks the guest's RFLAGS.IF and interrupt
 * shadow, and asks for an interrupt window when it cannot inject now).
 * vlapic_ack(): the caller is injecting @vector: IRR -> ISR, PPR raised.
 * An injection that did not complete (EXITINTINFO valid) is re-injected by
 * the caller as it stands, without another ack.
 */
int vlapic_pending_vector(struct vlapic *v);
void vlapic_ack(struct vlapic *v, u8 vector);

/* The guest's TPR changed through CR8 (V_TPR): bits 3:0 of CR8 = TPR 7:4. */
void vlapic_set_tpr(struct vlapic *v, u32 tpr);

/*
 * Events for the run loop (VLAPIC_EV_*), cleared as returned.  *@sipi_vector
 * is set with VLAPIC_EV_SIPI.  A SIPI is reported only when the vCPU is
 * waiting for one (after INIT), as on hardware.
 */
u32 vlapic_take_events(struct vlapic *v, u8 *sipi_vector);

/* True when a SIPI would start the vCPU (it received INIT and no SIPI). */
bool vlapic_waiting_for_sipi(struct vlapic *v);

/* The timer set through ops->timer_set expired (any context). */
void vlapic_timer_fired(struct vlapic *v);

/*
 * The guest wrote its TSC (ops->guest_tsc answers from the new value): a
 * TSC deadline armed is measured again from it, as the hardware compares
 * the deadline with the TSC as it is.  On the vCPU's own CPU.
 */
void vlapic_tsc_changed(struct vlapic *v);

/*
 * Interrupt delivery.  vlapic_match(): would @irq from @src (NULL for the
 * IOAPIC or an MSI) reach @v?  vlapic_deliver(): accept @irq (fixed and
 * lowest-priority: IRR/TMR; NMI, INIT, SIPI: events) and kick the vCPU.
 * A fixed interrupt with a vector below 16 is an illegal vector: it sets
 * ESR (received illegal vector) and is dropped, as hardware does.
 * vlapic_deliver_set(): deliver @irq to every matching vlapic of the @n in
 * @set (lowest priority: the first that matches, a fixed rotation is not
 * modelled); returns how many accepted it.
 */
bool vlapic_match(struct vlapic *v, const struct vlapic *src,
                  const struct vlapic_irq *irq);
void vlapic_deliver(struct vlapic *v, const struct vlapic_irq *irq);
unsigned int vlapic_deliver_set(struct vlapic *const *set, unsigned int n,
                                const struct vlapic *src,
                                const struct vlapic_irq *irq);

/* The x2APIC logical ID of x2APIC ID @id: cluster (id >> 4) << 16 | 1 << (id & 15). */
static inline u32 vlapic_x2apic_ldr(u32 id)
{
    return ((id >> 4) << 16) | (1u << (id & 15));
}

#endif /* ASM_X86_HVM_VLAPIC_H */
