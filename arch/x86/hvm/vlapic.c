/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual local APIC in x2APIC mode (see <asm/hvm/vlapic.h>).
 *
 * All state is under v->lock.  Functions that must tell the outside world
 * (kick the vCPU, send an IPI, broadcast an EOI) decide under the lock and
 * call the op after dropping it, so no op runs with a vlapic lock held
 * except the timer's, whose implementation only queues a host timer.
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/spinlock.h>
#include <asm/hvm/vlapic.h>

#define LVT_TIMER   0
#define LVT_THERMAL 1
#define LVT_PERF    2
#define LVT_LINT0   3
#define LVT_LINT1   4
#define LVT_ERROR   5

/* Writable bits of each LVT (delivery status and remote IRR are not). */
#define LVT_VECTOR      0xffu
#define LVT_DM_MASK     (7u << 8)
#define LVT_POLARITY    (1u << 13)
static const u32 lvt_writable[VLAPIC_NR_LVT] = {
    [LVT_TIMER]   = LVT_VECTOR | VLAPIC_LVT_MASKED | VLAPIC_LVTT_MODE_MASK,
    [LVT_THERMAL] = LVT_VECTOR | LVT_DM_MASK | VLAPIC_LVT_MASKED,
    [LVT_PERF]    = LVT_VECTOR | LVT_DM_MASK | VLAPIC_LVT_MASKED,
    [LVT_LINT0]   = LVT_VECTOR | LVT_DM_MASK | LVT_POLARITY | VLAPIC_LVT_LEVEL |
                    VLAPIC_LVT_MASKED,
    [LVT_LINT1]   = LVT_VECTOR | LVT_DM_MASK | LVT_POLARITY | VLAPIC_LVT_LEVEL |
                    VLAPIC_LVT_MASKED,
    [LVT_ERROR]   = LVT_VECTOR | VLAPIC_LVT_MASKED,
};

/* SVR: vector, APIC software enable, focus processor checking. */
#define SVR_WRITABLE    0x3ffu
/* ICR fields in x2APIC mode (no delivery status, no ICR2). */
#define ICR_VECTOR      0xffull
#define ICR_DM_SHIFT    8
#define ICR_LOGICAL     (1ull << 11)
#define ICR_ASSERT      (1ull << 14)
#define ICR_LEVEL       (1ull << 15)
#define ICR_SH_SHIFT    18
#define ICR_RESERVED    (0xffffffffull & ~(ICR_VECTOR | (7ull << ICR_DM_SHIFT) | \
                         ICR_LOGICAL | ICR_ASSERT | ICR_LEVEL | (3ull << ICR_SH_SHIFT)))
#define APIC_BASE_RESERVED  (0xffull | (1ull << 9) | 0xfff0000000000000ull)

/*
 * A periodic timer is never faster than this: a guest programming a tiny
 * period would otherwise make the hypervisor's timer fire continuously.
 */
#define VLAPIC_MIN_PERIOD_NS    100000

/* ------------------------------------------------------------ vector bits */

static bool vec_test(const u32 *bits, unsigned int vec)
{
    return bits[vec >> 5] & (1u << (vec & 31));
}

static void vec_set(u32 *bits, unsigned int vec)
{
    bits[vec >> 5] |= 1u << (vec & 31);
}

static void vec_clear(u32 *bits, unsigned int vec)
{
    bits[vec >> 5] &= ~(1u << (vec & 31));
}

static int vec_highest(const u32 *bits)
{
    for (int i = 7; i >= 0; i--)
        if (bits[i])
            return i * 32 + 31 - __builtin_clz(bits[i]);
    return -1;
}

static bool x2apic_on(const struct vlapic *v)
{
    return (v->apic_base & (APIC_BASE_EN | APIC_BASE_EXTD)) ==
           (APIC_BASE_EN | APIC_BASE_EXTD);
}

static u32 ppr_of(const struct vlapic *v)
{
    int isrv = vec_highest(v->isr);
    u32 isr_class = isrv < 0 ? 0 : (u32)isrv & 0xf0;

    return (v->tpr & 0xf0) >= isr_class ? v->tpr & 0xff : isr_class;
}

/* The divider of TDCR bits 3, 1:0. */
static u32 timer_divide(u32 tdcr)
{
    u32 code = (tdcr & 3) | ((tdcr & 8) >> 1);

    return code == 7 ? 1 : 2u << code;
}

static u32 lvtt_mode(const struct vlapic *v)
{
    return v->lvt[LVT_TIMER] & VLAPIC_LVTT_MODE_MASK;
}

/* ------------------------------------------------------------ reset */

/* The register state after power-on or INIT (ID and APIC base kept). */
static void reset_registers(struct vlapic *v)
{
    if (v->timer_armed)
        v->ops->timer_stop(v);
    v->timer_armed = false;
    v->tpr = 0;
    v->svr = 0xff;
    v->esr = v->esr_pending = 0;
    for (unsigned int i = 0; i < VLAPIC_NR_LVT; i++)
        v->lvt[i] = VLAPIC_LVT_MASKED;
    v->icr = 0;
    memset(v->irr, 0, sizeof(v->irr));
    memset(v->isr, 0, sizeof(v->isr));
    memset(v->tmr, 0, sizeof(v->tmr));
    v->tmict = v->tdcr = 0;
    v->timer_start = v->timer_period = 0;
    v->tsc_deadline = 0;
}

void vlapic_init(struct vlapic *v, u32 id, bool bsp, u64 tsc_khz,
                 const struct vlapic_ops *ops, void *owner)
{
    memset(v, 0, sizeof(*v));
    spin_lock_init_class(&v->lock, "vlapic->lock");
    v->ops = ops;
    v->owner = owner;
    v->id = id;
    v->bsp = bsp;
    v->tsc_khz = tsc_khz ? tsc_khz : 1;
    v->apic_base = APIC_BASE_ADDR_DEFAULT | APIC_BASE_EN | APIC_BASE_EXTD |
                   (bsp ? APIC_BASE_BSP : 0);
    reset_registers(v);
    /* An AP waits for its SIPI from power-on, as after firmware's INIT. */
    v->wait_for_sipi = !bsp;
}

void vlapic_destroy(struct vlapic *v)
{
    unsigned long flags;

    spin_lock_irqsave(&v->lock, flags);
    if (v->timer_armed)
        v->ops->timer_stop(v);
    v->timer_armed = false;
    v->apic_base &= ~(APIC_BASE_EN | APIC_BASE_EXTD);
    spin_unlock_irqrestore(&v->lock, flags);
}

/* ------------------------------------------------------------ timer */

static void timer_stop_locked(struct vlapic *v)
{
    if (v->timer_armed)
        v->ops->timer_stop(v);
    v->timer_armed = false;
}

static void timer_arm_locked(struct vlapic *v, s_time_t expires)
{
    v->timer_armed = true;
    v->ops->timer_set(v, expires);
}

/* Start counting TMICT down from now (one-shot or periodic mode). */
static void timer_start_count(struct vlapic *v, s_time_t now)
{
    timer_stop_locked(v);
    if (!v->tmict)
        return;
    v->timer_start = now;
    v->timer_period = (s_time_t)v->tmict * timer_divide(v->tdcr);
    if (lvtt_mode(v) == VLAPIC_LVTT_PERIODIC && v->timer_period < VLAPIC_MIN_PERIOD_NS)
        v->timer_period = VLAPIC_MIN_PERIOD_NS;
    timer_arm_locked(v, now + v->timer_period);
}

/* Nanoseconds from now until guest TSC value @deadline (0 if past). */
static s_time_t tsc_delta_ns(struct vlapic *v, u64 deadline)
{
    u64 tsc = v->ops->guest_tsc(v);
    u64 ticks;

    if (deadline <= tsc)
        return 0;
    ticks = deadline - tsc;
    /* ticks * 10^6 / kHz, without overflow for any 64-bit distance. */
    if (ticks > (u64)INT64_MAX / 1000000)
        return INT64_MAX / 2;
    return (s_time_t)(ticks * 1000000 / v->tsc_khz);
}

static u32 timer_current_count(struct vlapic *v)
{
    s_time_t elapsed;

    if (!v->tmict || lvtt_mode(v) == VLAPIC_LVTT_DEADLINE || !v->timer_period)
        return 0;
    elapsed = v->ops->now(v) - v->timer_start;
    if (elapsed < 0)
        elapsed = 0;
    if (lvtt_mode(v) == VLAPIC_LVTT_PERIODIC)
        elapsed %= v->timer_period;
    else if (elapsed >= v->timer_period)
        return 0;
    return (u32)((v->timer_period - elapsed) / timer_divide(v->tdcr));
}

/*
 * Accept a local interrupt from LVT entry @lvt: a fixed vector into IRR
 * (edge), or an NMI.  Returns true when the vCPU must be kicked.
 */
static bool lvt_fire_locked(struct vlapic *v, unsigned int lvt)
{
    u32 e = v->lvt[lvt];
    u32 vec = e & LVT_VECTOR;

    if (e & VLAPIC_LVT_MASKED)
        return false;
    if (lvt != LVT_TIMER && lvt != LVT_ERROR &&
        ((e & LVT_DM_MASK) >> 8) == VLAPIC_DM_NMI) {
        v->events |= VLAPIC_EV_NMI;
        return true;
    }
    if (vec < 16) {
        v->esr_pending |= VLAPIC_ESR_RECV_ILLEGAL;
        return false;
    }
    vec_set(v->irr, vec);
    vec_clear(v->tmr, vec);
    return true;
}

void vlapic_tsc_changed(struct vlapic *v)
{
    unsigned long flags;

    spin_lock_irqsave(&v->lock, flags);
    if (x2apic_on(v) && lvtt_mode(v) == VLAPIC_LVTT_DEADLINE && v->tsc_deadline) {
        timer_stop_locked(v);
        timer_arm_locked(v, v->ops->now(v) + tsc_delta_ns(v, v->tsc_deadline));
    }
    spin_unlock_irqrestore(&v->lock, flags);
}

void vlapic_timer_fired(struct vlapic *v)
{
    unsigned long flags;
    bool kick = false;
    s_time_t now;

    spin_lock_irqsave(&v->lock, flags);
    if (!v->timer_armed || !x2apic_on(v))
        goto out;
    v->timer_armed = false;
    now = v->ops->now(v);
    if (lvtt_mode(v) == VLAPIC_LVTT_DEADLINE) {
        s_time_t left;

        if (!v->tsc_deadline)
            goto out;
        left = tsc_delta_ns(v, v->tsc_deadline);
        if (left > 0) {                 /* early: the conversion rounded */
            timer_arm_locked(v, now + left);
            goto out;
        }
        v->tsc_deadline = 0;
    } else {
        s_time_t end = v->timer_start + v->timer_period;

        if (!v->tmict || !v->timer_period)
            goto out;
        if (now < end) {                /* a stale or early expiry */
            timer_arm_locked(v, end);
            goto out;
        }
        if (lvtt_mode(v) == VLAPIC_LVTT_PERIODIC) {
            /* Periods missed while the vCPU was away are not made up. */
            s_time_t missed = (now - v->timer_start) / v->timer_period;

            v->timer_start += missed * v->timer_period;
            timer_arm_locked(v, v->timer_start + v->timer_period);
        }
    }
    v->stat_timer_fires++;
    kick = lvt_fire_locked(v, LVT_TIMER);
out:
    spin_unlock_irqrestore(&v->lock, flags);
    if (kick)
        v->ops->kick(v);
}

/* ------------------------------------------------------------ delivery */

bool vlapic_match(struct vlapic *v, const struct vlapic *src,
                  const struct vlapic_irq *irq)
{
    u32 ldr;

    switch (irq->shorthand) {
    case VLAPIC_SH_SELF:
        return v == src;
    case VLAPIC_SH_ALL:
        return true;
    case VLAPIC_SH_ALL_BUT_SELF:
        return v != src;
    default:
        break;
    }
    if (irq->dest == VLAPIC_DEST_BROADCAST)
        return true;
    if (!irq->logical)
        return irq->dest == v->id;
    ldr = vlapic_x2apic_ldr(v->id);
    return (irq->dest >> 16) == (ldr >> 16) && (irq->dest & ldr & 0xffff);
}

/* Accept @irq under the lock; true when the vCPU must be kicked. */
static bool deliver_locked(struct vlapic *v, const struct vlapic_irq *irq)
{
    if (!(v->apic_base & APIC_BASE_EN))
        return false;

    switch (irq->dm) {
    case VLAPIC_DM_FIXED:
    case VLAPIC_DM_LOWPRI:
        if (irq->vector < 16) {
            v->esr_pending |= VLAPIC_ESR_RECV_ILLEGAL;
            return lvt_fire_locked(v, LVT_ERROR);
        }
        if (!(v->svr & VLAPIC_SVR_ENABLE))
            return false;       /* a software-disabled APIC accepts none */
        vec_set(v->irr, irq->vector);
        if (irq->level)
            vec_set(v->tmr, irq->vector);
        else
            vec_clear(v->tmr, irq->vector);
        return true;
    case VLAPIC_DM_NMI:
        v->events |= VLAPIC_EV_NMI;
        return true;
    case VLAPIC_DM_INIT:
        reset_registers(v);
        v->events = VLAPIC_EV_INIT;
        v->wait_for_sipi = true;
        return true;
    case VLAPIC_DM_STARTUP:
        if (!v->wait_for_sipi)
            return false;       /* only the first SIPI after INIT counts */
        v->wait_for_sipi = false;
        v->sipi_vector = irq->vector;
        v->events |= VLAPIC_EV_SIPI;
        return true;
    default:
        return false;           /* SMI, ExtINT: nothing here delivers them */
    }
}

void vlapic_deliver(struct vlapic *v, const struct vlapic_irq *irq)
{
    unsigned long flags;
    bool kick;

    spin_lock_irqsave(&v->lock, flags);
    kick = deliver_locked(v, irq);
    spin_unlock_irqrestore(&v->lock, flags);
    if (kick)
        v->ops->kick(v);
}

unsigned int vlapic_deliver_set(struct vlapic *const *set, unsigned int n,
                                const struct vlapic *src,
                                const struct vlapic_irq *irq)
{
    unsigned int i, count = 0;

    for (i = 0; i < n; i++) {
        if (!set[i] || !vlapic_match(set[i], src, irq))
            continue;
        vlapic_deliver(set[i], irq);
        count++;
        if (irq->dm == VLAPIC_DM_LOWPRI)
            break;
    }
    return count;
}

/* ------------------------------------------------------------ injection */

int vlapic_pending_vector(struct vlapic *v)
{
    unsigned long flags;
    int vec;

    spin_lock_irqsave(&v->lock, flags);
    vec = vec_highest(v->irr);
    if (!x2apic_on(v) || vec < 0 || (u32)(vec & 0xf0) <= (ppr_of(v) & 0xf0))
        vec = -1;
    spin_unlock_irqrestore(&v->lock, flags);
    return vec;
}

void vlapic_ack(struct vlapic *v, u8 vector)
{
    unsigned long flags;

    spin_lock_irqsave(&v->lock, flags);
    if (vec_test(v->irr, vector)) {
        vec_clear(v->irr, vector);
        vec_set(v->isr, vector);
    }
    spin_unlock_irqrestore(&v->lock, flags);
}

void vlapic_set_tpr(struct vlapic *v, u32 tpr)
{
    unsigned long flags;

    spin_lock_irqsave(&v->lock, flags);
    v->tpr = tpr & 0xff;
    spin_unlock_irqrestore(&v->lock, flags);
}

u32 vlapic_take_events(struct vlapic *v, u8 *sipi_vector)
{
    unsigned long flags;
    u32 ev;

    spin_lock_irqsave(&v->lock, flags);
    ev = v->events;
    v->events = 0;
    if (sipi_vector)
        *sipi_vector = v->sipi_vector;
    spin_unlock_irqrestore(&v->lock, flags);
    return ev;
}

bool vlapic_waiting_for_sipi(struct vlapic *v)
{
    unsigned long flags;
    bool w;

    spin_lock_irqsave(&v->lock, flags);
    w = v->wait_for_sipi;
    spin_unlock_irqrestore(&v->lock, flags);
    return w;
}

/* ------------------------------------------------------------ MSRs */

bool vlapic_owns_msr(u32 msr)
{
    return msr == MSR_IA32_APIC_BASE || msr == MSR_IA32_TSC_DEADLINE ||
           (msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST);
}

static int read_locked(struct vlapic *v, u32 msr, u64 *val)
{
    if (msr == MSR_IA32_APIC_BASE) {
        *val = v->apic_base;
        return 0;
    }
    if (!x2apic_on(v))
        return -EINVAL;         /* no x2APIC registers while it is off */
    if (msr == MSR_IA32_TSC_DEADLINE) {
        *val = lvtt_mode(v) == VLAPIC_LVTT_DEADLINE ? v->tsc_deadline : 0;
        return 0;
    }
    switch (msr) {
    case X2APIC_ID:         *val = v->id; return 0;
    case X2APIC_VERSION:    *val = VLAPIC_VERSION | (VLAPIC_NR_LVT - 1) << 16; return 0;
    case X2APIC_TPR:        *val = v->tpr; return 0;
    case X2APIC_PPR:        *val = ppr_of(v); return 0;
    case X2APIC_LDR:        *val = vlapic_x2apic_ldr(v->id); return 0;
    case X2APIC_SVR:        *val = v->svr; return 0;
    case X2APIC_ESR:        *val = v->esr; return 0;
    case X2APIC_ICR:        *val = v->icr; return 0;
    case X2APIC_TMICT:      *val = v->tmict; return 0;
    case X2APIC_TMCCT:      *val = timer_current_count(v); return 0;
    case X2APIC_TDCR:       *val = v->tdcr; return 0;
    }
    if (msr >= X2APIC_ISR0 && msr <= X2APIC_ISR0 + 7) {
        *val = v->isr[msr - X2APIC_ISR0];
        return 0;
    }
    if (msr >= X2APIC_TMR0 && msr <= X2APIC_TMR0 + 7) {
        *val = v->tmr[msr - X2APIC_TMR0];
        return 0;
    }
    if (msr >= X2APIC_IRR0 && msr <= X2APIC_IRR0 + 7) {
        *val = v->irr[msr - X2APIC_IRR0];
        return 0;
    }
    if (msr >= X2APIC_LVTT && msr <= X2APIC_LVT_ERROR) {
        *val = v->lvt[msr - X2APIC_LVTT];
        return 0;
    }
    /* EOI and SELF_IPI are write-only; CMCI, APR, RRD, DFR, ICR2 absent. */
    return -EINVAL;
}

int vlapic_rdmsr(struct vlapic *v, u32 msr, u64 *val)
{
    unsigned long flags;
    int rc;

    if (!vlapic_owns_msr(msr))
        return -EINVAL;
    spin_lock_irqsave(&v->lock, flags);
    rc = read_locked(v, msr, val);
    spin_unlock_irqrestore(&v->lock, flags);
    return rc;
}

static int write_apic_base(struct vlapic *v, u64 val)
{
    u64 old_mode = v->apic_base & (APIC_BASE_EN | APIC_BASE_EXTD);
    u64 new_mode = val & (APIC_BASE_EN | APIC_BASE_EXTD);

    if (val & APIC_BASE_RESERVED)
        return -EINVAL;
    if ((val & APIC_BASE_BSP) != (v->apic_base & APIC_BASE_BSP))
        return -EINVAL;         /* the BSP flag is the platform's */
    if (new_mode == APIC_BASE_EXTD)
        return -EINVAL;         /* x2APIC without enable: invalid state */
    if (old_mode == (APIC_BASE_EN | APIC_BASE_EXTD) && new_mode == APIC_BASE_EN)
        return -EINVAL;         /* x2APIC -> xAPIC directly: invalid */
    if (old_mode == 0 && new_mode == (APIC_BASE_EN | APIC_BASE_EXTD))
        return -EINVAL;         /* disabled -> x2APIC must pass xAPIC */
    if (new_mode == APIC_BASE_EN)
        return -EOPNOTSUPP;     /* xAPIC (MMIO) mode is not offered */
    if (new_mode && (val & ~0xfffull) != APIC_BASE_ADDR_DEFAULT)
        return -EOPNOTSUPP;     /* relocating the APIC is not offered */
    if (!new_mode && old_mode)
        reset_registers(v);     /* disabling resets the APIC */
    v->apic_base = val;
    return 0;
}

/*
 * An ICR write: decide under the lock; *@ipi is set when the message must
 * go out through ops->send_ipi, *@kick_self when it was delivered here.
 */
static int write_icr(struct vlapic *v, u64 val, struct vlapic_irq *ipi,
                     bool *send, bool *kick_self)
{
    u8 dm = (val >> ICR_DM_SHIFT) & 7;
    u8 sh = (val >> ICR_SH_SHIFT) & 3;

    if (val & ICR_RESERVED)
        return -EINVAL;
    if (dm == 3 || dm == VLAPIC_DM_EXTINT)
        return -EINVAL;         /* reserved delivery modes */
    v->icr = val;
    if (dm == VLAPIC_DM_SMI)
        return -EOPNOTSUPP;     /* no SMM in an HVM guest */
    /* INIT de-assert (level-triggered, not asserted): nothing on x2APIC. */
    if (dm == VLAPIC_DM_INIT && (val & ICR_LEVEL) && !(val & ICR_ASSERT))
        return 0;
    *ipi = (struct vlapic_irq){
        .dest = (u32)(val >> 32),
        .vector = val & ICR_VECTOR,
        .dm = dm,
        .shorthand = sh,
        .logical = val & ICR_LOGICAL,
        .level = (val & ICR_LEVEL) && (dm == VLAPIC_DM_FIXED || dm == VLAPIC_DM_LOWPRI),
    };
    if ((dm == VLAPIC_DM_FIXED || dm == VLAPIC_DM_LOWPRI) && ipi->vector < 16) {
        v->esr_pending |= VLAPIC_ESR_SEND_ILLEGAL;
        *kick_self = lvt_fire_locked(v, LVT_ERROR);
        return 0;
    }
    v->stat_ipis++;
    if (sh == VLAPIC_SH_SELF) {
        if (dm != VLAPIC_DM_FIXED)
            return 0;           /* self shorthand is for fixed IPIs only */
        *kick_self = deliver_locked(v, ipi);
        return 0;
    }
    *send = true;
    return 0;
}

static int write_locked(struct vlapic *v, u32 msr, u64 val,
                        struct vlapic_irq *ipi, bool *send, bool *kick_self,
                        int *eoi_vec)
{
    s_time_t now;
    int vec;

    if (msr == MSR_IA32_APIC_BASE)
        return write_apic_base(v, val);
    if (!x2apic_on(v))
        return -EINVAL;
    if (msr == MSR_IA32_TSC_DEADLINE) {
        if (lvtt_mode(v) != VLAPIC_LVTT_DEADLINE)
            return 0;           /* ignored outside TSC-deadline mode */
        timer_stop_locked(v);
        v->tsc_deadline = val;
        if (val) {
            now = v->ops->now(v);
            timer_arm_locked(v, now + tsc_delta_ns(v, val));
        }
        return 0;
    }
    /* Every x2APIC register is 32 bits but the ICR. */
    if (msr != X2APIC_ICR && (val >> 32))
        return -EINVAL;

    switch (msr) {
    case X2APIC_TPR:
        if (val & ~0xffull)
            return -EINVAL;
        v->tpr = (u32)val;
        return 0;
    case X2APIC_EOI:
        if (val)
            return -EINVAL;
        vec = vec_highest(v->isr);
        if (vec >= 0) {
            vec_clear(v->isr, vec);
            v->stat_eois++;
            if (vec_test(v->tmr, vec)) {
                vec_clear(v->tmr, vec);
                *eoi_vec = vec;
            }
        }
        return 0;
    case X2APIC_SVR:
        if (val & ~(u64)SVR_WRITABLE)
            return -EINVAL;
        v->svr = (u32)val;
        if (!(v->svr & VLAPIC_SVR_ENABLE))
            for (unsigned int i = 0; i < VLAPIC_NR_LVT; i++)
                v->lvt[i] |= VLAPIC_LVT_MASKED;
        return 0;
    case X2APIC_ESR:
        if (val)
            return -EINVAL;
        v->esr = v->esr_pending;
        v->esr_pending = 0;
        return 0;
    case X2APIC_ICR:
        return write_icr(v, val, ipi, send, kick_self);
    case X2APIC_TMICT:
        if (lvtt_mode(v) == VLAPIC_LVTT_DEADLINE)
            return 0;           /* ignored in TSC-deadline mode */
        v->tmict = (u32)val;
        timer_start_count(v, v->ops->now(v));
        return 0;
    case X2APIC_TDCR:
        if (val & ~0xbull)
            return -EINVAL;
        v->tdcr = (u32)val;
        return 0;
    case X2APIC_SELF_IPI:
        if (val & ~0xffull)
            return -EINVAL;
        *ipi = (struct vlapic_irq){ .vector = (u8)val, .dm = VLAPIC_DM_FIXED,
                                    .shorthand = VLAPIC_SH_SELF };
        v->stat_ipis++;
        *kick_self = deliver_locked(v, ipi);
        return 0;
    }
    if (msr >= X2APIC_LVTT && msr <= X2APIC_LVT_ERROR) {
        unsigned int i = msr - X2APIC_LVTT;
        u32 nv = (u32)val & lvt_writable[i];

        if (i == LVT_TIMER) {
            u32 mode = nv & VLAPIC_LVTT_MODE_MASK;

            if (mode == VLAPIC_LVTT_MODE_MASK)
                return -EINVAL;         /* mode 3 is reserved */
            if (mode == VLAPIC_LVTT_DEADLINE && !VLAPIC_HAS_TSC_DEADLINE)
                return -EINVAL;
            if (mode != lvtt_mode(v)) {
                /* A mode change disarms the timer. */
                timer_stop_locked(v);
                v->tmict = 0;
                v->tsc_deadline = 0;
            }
        }
        if (!(v->svr & VLAPIC_SVR_ENABLE))
            nv |= VLAPIC_LVT_MASKED;    /* cannot unmask while disabled */
        v->lvt[i] = nv | (v->lvt[i] & VLAPIC_LVT_REMOTE_IRR);
        return 0;
    }
    /* Read-only (ID, version, PPR, LDR, ISR, TMR, IRR, TMCCT) or absent. */
    return -EINVAL;
}

int vlapic_wrmsr(struct vlapic *v, u32 msr, u64 val)
{
    struct vlapic_irq ipi;
    bool send = false, kick_self = false;
    int eoi_vec = -1;
    unsigned long flags;
    int rc;

    if (!vlapic_owns_msr(msr))
        return -EINVAL;
    spin_lock_irqsave(&v->lock, flags);
    rc = write_locked(v, msr, val, &ipi, &send, &kick_self, &eoi_vec);
    spin_unlock_irqrestore(&v->lock, flags);

    if (eoi_vec >= 0)
        v->ops->eoi(v, (u8)eoi_vec);
    if (send)
        v->ops->send_ipi(v, &ipi);
    if (kick_self)
        v->ops->kick(v);
    return rc;
}
