/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhvctl's PCIe native hotplug: the glue between the slot state machine
 * (domains/pciehp/pciehp.c) and the hypervisor, and the commands hotplug,
 * slots, slot-wait and slot-power.  docs/hotplug.md has the design.
 *
 * A slot is a root or downstream port, registered and ours, whose PCIe
 * capability says "slot implemented" and whose Slot Capabilities say
 * Hot-Plug Capable.  Its interrupt (MSI-X entry "interrupt message
 * number" of the port) is mapped to one of our pirqs; a port whose
 * interrupt cannot be mapped is polled at every idle step instead.
 *
 * The slots are taken over when mhvctl starts, before its script, as
 * Linux's pciehp binds at boot (hotplug_boot()): the control domain's
 * command-line word `hotplug=off` leaves them alone, `hotplug=MS` sets the
 * button delay; `hotplug off` gives them up at run time.
 *
 * Events are serviced while mhvctl waits (mhvctl_idle_ns()): between
 * commands at the prompt, in sleep, wait-domain and slot-wait.  A command
 * that does not wait runs to its end first; the port latches its events
 * and the pirq stays pending, so nothing is lost.
 *
 * Removal (the state machine's teardown): the functions behind the port
 * leave in an order safe for their users -- VFs first (the hypervisor
 * tears their interrupts and BAR mappings down and tells an ordinary
 * owner with a device event), then SR-IOV off on the PF while it still
 * answers, then the PF and the other functions -- and only then is the
 * slot powered off.  After a surprise removal nothing answers any more:
 * the PF goes first, then its VFs (the registry takes any order).
 *
 * Addition (enumerate): functions 0..7 of device 0 on the secondary bus;
 * each gets its BARs placed by the hypervisor (PHYSDEVOP_mhv_place_bars),
 * is registered, and gets memory decode and bus mastering on (as firmware
 * leaves a device found at boot).  SR-IOV stays off until asked (`sriov`).
 */
#include "mhvctl.h"
#include <pciehp/pciehp.h>

#define HP_MAX_SLOTS    8
#define HP_LIST_MAX     64
#define HP_IDLE_SLICE_NS (10ull * 1000 * 1000)
#define SLOT_WAIT_STEP_MS 10
#define SLOT_WAIT_MAX_MS 600000
#define BLINK_MS_MAX    60000
/*
 * Slot n's interrupt goes to pirq HP_PIRQ_TOP - n: out of the low numbers
 * that scripts map and name (`msix`, `unmap 0`), and below the igb PF
 * drivers' mailbox pirqs (IGB_PF_PIRQ_TOP - n, domains/igb/igb_pf.h).  If
 * that one is taken, any free pirq.
 */
#define HP_PIRQ_TOP     (MHV_NR_PIRQS - 1 - 16)

static struct hp_slot {
    bool used;
    struct pciehp_slot sm;
    int pirq;                   /* -1: polled */
    bool due;                   /* its pirq was drained by someone else */
} hp[HP_MAX_SLOTS];

static uint64_t idle_ns_carry;  /* idle time not yet given to the timers */

static bool hotplug_due(void);
static struct mhv_pci_info hp_list[HP_LIST_MAX];

/* ------------------------------------------------------------ the port */

static int hp_read(struct pciehp_slot *s, unsigned int reg, unsigned int size,
                   uint32_t *v)
{
    return mhv_pci_conf_read(s->port, reg, size, v);
}

static int hp_write(struct pciehp_slot *s, unsigned int reg, unsigned int size,
                    uint32_t v)
{
    return mhv_pci_conf_write(s->port, reg, size, v);
}

static void hp_sleep_ms(struct pciehp_slot *s, unsigned int ms)
{
    mhv_sleep_ns((uint64_t)ms * 1000 * 1000);
}

static void hp_log(struct pciehp_slot *s, const char *line)
{
    printf("%s\n", line);
}

static int port_buses(uint32_t port, unsigned int *sec, unsigned int *sub)
{
    uint32_t v;
    int rc = mhv_pci_conf_read(port, PCI_PRIMARY_BUS, 4, &v);

    if (rc)
        return rc;
    *sec = (v >> 8) & 0xff;
    *sub = (v >> 16) & 0xff;
    return 0;
}

/* Registered functions on the port's buses into hp_list; their number. */
static unsigned int list_behind(uint32_t port)
{
    uint32_t start = 0, count = 0, total = 0;
    unsigned int sec, sub, n = 0;
    static struct mhv_pci_info chunk[16];

    if (port_buses(port, &sec, &sub) || !sec)
        return 0;
    do {
        if (mhv_pci_list(start, chunk, 16, &count, &total))
            break;
        for (uint32_t i = 0; i < count && n < HP_LIST_MAX; i++)
            if (SBDF_SEG(chunk[i].sbdf) == SBDF_SEG(port) &&
                SBDF_BUS(chunk[i].sbdf) >= sec && SBDF_BUS(chunk[i].sbdf) <= sub)
                hp_list[n++] = chunk[i];
        start += count;
    } while (count && start < total);
    return n;
}

/* ------------------------------------------------------------ teardown */

static int remove_one(struct pciehp_slot *s, const struct mhv_pci_info *e)
{
    char port[SBDF_STR_LEN];
    int rc;

    net_pf_forget(e->sbdf);         /* our drivers let go of it first */
    rc = mhv_pci_device_remove(e->sbdf);
    irq_forget_device(e->sbdf);
    if (rc && rc != -MHV_ENODEV) {
        printf("pciehp %s: %pp: remove refused: %s (%d)\n",
               sbdf_format(s->port, port), SBDF_ARG(e->sbdf),
               errno_to_name(rc) ? errno_to_name(rc) : "EUNKNOWN", rc);
        return 0;
    }
    printf("pciehp %s: %pp removed%s\n", sbdf_format(s->port, port),
           SBDF_ARG(e->sbdf), rc ? " (already gone)" : "");
    return !rc;
}

static int hp_teardown(struct pciehp_slot *s, bool surprise)
{
    unsigned int n = list_behind(s->port);
    char port[SBDF_STR_LEN];
    int removed = 0;

    sbdf_format(s->port, port);
    for (unsigned int i = 0; i < n; i++)
        if (hp_list[i].owner != mhv_start_info->domid &&
            hp_list[i].owner != DOMID_INVALID)
            printf("pciehp %s: %pp is d%u's: the hypervisor tells d%u\n", port,
                   SBDF_ARG(hp_list[i].sbdf), hp_list[i].owner, hp_list[i].owner);
    if (!surprise) {
        for (unsigned int i = 0; i < n; i++)
            if (hp_list[i].flags & MHV_PCI_FLAG_VF)
                removed += remove_one(s, &hp_list[i]);
        for (unsigned int i = 0; i < n; i++)
            if ((hp_list[i].flags & MHV_PCI_FLAG_PF) && sriov_pf_off(hp_list[i].sbdf))
                printf("pciehp %s: %pp: SR-IOV not switched off\n", port,
                       SBDF_ARG(hp_list[i].sbdf));
        for (unsigned int i = 0; i < n; i++)
            if (!(hp_list[i].flags & MHV_PCI_FLAG_VF))
                removed += remove_one(s, &hp_list[i]);
    } else {
        for (unsigned int i = 0; i < n; i++)
            if (!(hp_list[i].flags & MHV_PCI_FLAG_VF))
                removed += remove_one(s, &hp_list[i]);
        for (unsigned int i = 0; i < n; i++)
            if (hp_list[i].flags & MHV_PCI_FLAG_VF)
                removed += remove_one(s, &hp_list[i]);
    }
    return removed;
}

/* ------------------------------------------------------------ enumerate */

static int hp_enumerate(struct pciehp_slot *s)
{
    char port[SBDF_STR_LEN];
    unsigned int sec, sub;
    int added = 0, rc;

    sbdf_format(s->port, port);
    if ((rc = port_buses(s->port, &sec, &sub)))
        return rc;
    if (!sec) {
        printf("pciehp %s: no secondary bus number\n", port);
        return -MHV_EIO;
    }
    for (unsigned int fn = 0; fn < 8; fn++) {
        uint32_t sbdf = SBDF_MAKE(SBDF_SEG(s->port), sec, 0, fn), id, hdr;
        unsigned int placed = 0;

        if (mhv_pci_conf_read(sbdf, PCI_VENDOR_ID, 4, &id) || (id & 0xffff) == 0xffff) {
            if (!fn)
                return 0;
            continue;
        }
        if ((rc = mhv_pci_conf_read(sbdf, PCI_HEADER_TYPE, 1, &hdr)))
            return rc;
        rc = mhv_place_bars(sbdf, &placed);
        if (rc) {
            printf("pciehp %s: %pp: BARs not placed: %s (%d)\n", port,
                   SBDF_ARG(sbdf), errno_to_name(rc) ? errno_to_name(rc) : "EUNKNOWN",
                   rc);
            return rc;
        }
        rc = mhv_pci_device_add(sbdf, 0, 0);
        if (rc) {
            printf("pciehp %s: %pp: add refused\n", port, SBDF_ARG(sbdf));
            return rc;
        }
        /* Decoding and bus mastering on, as firmware leaves a boot device
         * (the PF's BAR0 is how its VFs' MSI-X mode is set). */
        if ((rc = mhv_pci_enable_mem_master(sbdf)))
            return rc;
        printf("pciehp %s: %pp [%04x:%04x] added, %u BARs placed\n", port,
               SBDF_ARG(sbdf), id & 0xffff, id >> 16, placed);
        added++;
        if (!fn && !(hdr & 0x80))
            break;              /* not a multi-function device */
    }
    return added;
}

static const struct pciehp_ops hp_ops = {
    .read = hp_read,
    .write = hp_write,
    .sleep_ms = hp_sleep_ms,
    .enumerate = hp_enumerate,
    .teardown = hp_teardown,
    .log = hp_log,
};

/* ------------------------------------------------------------ servicing */

/* Is a slot's interrupt pending (or a slot due)? */
static bool hotplug_due(void)
{
    for (unsigned int i = 0; i < HP_MAX_SLOTS; i++)
        if (hp[i].used && (hp[i].due ||
                           (hp[i].pirq >= 0 && mhv_pirq_pending((unsigned int)hp[i].pirq))))
            return true;
    return false;
}

/* Handle the slots whose interrupt came (or that are polled). */
static bool hotplug_service(void)
{
    bool any = false;

    for (unsigned int i = 0; i < HP_MAX_SLOTS; i++) {
        struct hp_slot *h = &hp[i];

        if (!h->used)
            continue;
        if (h->pirq < 0 || h->due || mhv_pirq_test_and_clear((unsigned int)h->pirq)) {
            h->due = false;
            pciehp_handle(&h->sm);
            any = true;
        }
    }
    return any;
}

void hotplug_claim(uint64_t taken[MHV_NR_PIRQS / 64])
{
    for (unsigned int i = 0; i < HP_MAX_SLOTS; i++) {
        struct hp_slot *h = &hp[i];
        uint64_t bit;

        if (!h->used || h->pirq < 0)
            continue;
        bit = 1ull << (h->pirq % 64);
        if (taken[h->pirq / 64] & bit) {
            taken[h->pirq / 64] &= ~bit;
            h->due = true;
        }
    }
    hotplug_service();
}

/* @ns passed: run the blinking states' timers (whole milliseconds). */
static void hotplug_tick(uint64_t ns)
{
    unsigned int ms;

    idle_ns_carry += ns;
    ms = (unsigned int)(idle_ns_carry / 1000000);
    if (!ms)
        return;
    idle_ns_carry -= (uint64_t)ms * 1000000;
    for (unsigned int i = 0; i < HP_MAX_SLOTS; i++)
        if (hp[i].used)
            pciehp_tick(&hp[i].sm, ms);
}

void mhvctl_idle_ns(uint64_t ns)
{
    uint64_t now = mhv_time_ns(), deadline = now + ns, last = now;

    for (;;) {
        uint64_t left;
        int rc;

        hotplug_service();
        mhv_run_idle_hook();        /* the network drivers' (cmd_net.c) */
        now = mhv_time_ns();
        hotplug_tick(now - last);
        last = now;
        if (now >= deadline)
            return;
        left = deadline - now;
        rc = mhv_sched_poll(left < HP_IDLE_SLICE_NS ? left : HP_IDLE_SLICE_NS);
        mhv_run_idle_hook();
        /* No poll, or it came back at once for an event that is not a
         * slot's and nobody takes here: let others run meanwhile. */
        if (rc < 0 || (rc > 0 && !hotplug_due()))
            mhv_sched_yield();
    }
}

/* ------------------------------------------------------------ set-up */

/* The PCIe capability of @sbdf (bounded walk), 0 if none. */
static unsigned int find_exp_cap(uint32_t sbdf)
{
    uint32_t v;
    unsigned int pos;

    if (mhv_pci_conf_read(sbdf, PCI_STATUS, 2, &v) || !(v & PCI_STATUS_CAP_LIST) ||
        v == 0xffff)
        return 0;
    if (mhv_pci_conf_read(sbdf, PCI_CAPABILITY_LIST, 1, &v))
        return 0;
    pos = v & 0xfc;
    for (unsigned int n = 0; pos >= 0x40 && n < 48; n++) {
        if (mhv_pci_conf_read(sbdf, pos, 2, &v))
            return 0;
        if ((v & 0xff) == PCI_CAP_ID_EXP)
            return pos;
        pos = (v >> 8) & 0xfc;
    }
    return 0;
}

static struct hp_slot *slot_of(uint32_t port)
{
    for (unsigned int i = 0; i < HP_MAX_SLOTS; i++)
        if (hp[i].used && hp[i].sm.port == port)
            return &hp[i];
    return NULL;
}

static int slot_setup(uint32_t port, unsigned int blink_ms)
{
    struct hp_slot *h = NULL;
    uint32_t flags, sltcap;
    unsigned int cap = find_exp_cap(port), type, entry;
    int rc;

    if (!cap || mhv_pci_conf_read(port, cap + PCI_EXP_FLAGS, 2, &flags) ||
        mhv_pci_conf_read(port, cap + PCI_EXP_SLTCAP, 4, &sltcap))
        return 0;
    type = (flags & PCI_EXP_FLAGS_TYPE) >> 4;
    if ((type != PCI_EXP_TYPE_ROOT_PORT && type != PCI_EXP_TYPE_DOWNSTREAM) ||
        !(flags & PCI_EXP_FLAGS_SLOT) || !(sltcap & PCI_EXP_SLTCAP_HPC))
        return 0;
    if ((h = slot_of(port))) {
        if (h->sm.blink_ms != blink_ms) {
            h->sm.blink_ms = blink_ms;
            printf("slot %pp: button delay now %u ms\n", SBDF_ARG(port), blink_ms);
        }
        return 1;
    }
    for (unsigned int i = 0; i < HP_MAX_SLOTS && !h; i++)
        if (!hp[i].used)
            h = &hp[i];
    if (!h) {
        printf("slot %pp: more than %d slots; ignored\n", SBDF_ARG(port), HP_MAX_SLOTS);
        return 0;
    }
    h->pirq = -1;
    h->due = false;
    entry = (flags & PCI_EXP_FLAGS_IRQ) >> 9;
    rc = mhv_pci_enable_mem_master(port);
    if (!rc) {
        rc = mhv_map_pirq_msix_at(DOMID_SELF, port, entry,
                                  HP_PIRQ_TOP - (int)(h - hp), &h->pirq);
        if (rc == -MHV_EBUSY || rc == -MHV_EEXIST)
            rc = mhv_map_pirq_msix(DOMID_SELF, port, entry, &h->pirq);
    }
    if (rc) {
        h->pirq = -1;
        printf("slot %pp: MSI-X entry %u not mapped (%s): polled instead\n",
               SBDF_ARG(port), entry, errno_to_name(rc) ? errno_to_name(rc) : "EUNKNOWN");
    }
    h->used = true;
    printf("slot %pp: hotplug slot, MSI-X entry %u -> pirq %d, %u functions behind\n",
           SBDF_ARG(port), entry, h->pirq, list_behind(port));
    rc = pciehp_init(&h->sm, port, cap, list_behind(port), blink_ms, &hp_ops, h);
    if (rc) {
        if (h->pirq >= 0)
            mhv_unmap_pirq(DOMID_SELF, h->pirq);
        h->used = false;
        printf("slot %pp: not taken over: %s (%d)\n", SBDF_ARG(port),
               errno_to_name(rc) ? errno_to_name(rc) : "EUNKNOWN", rc);
        return 0;
    }
    return 1;
}

/* Give every slot up: its events and interrupt off, its pirq unmapped. */
static int hotplug_release_all(void)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < HP_MAX_SLOTS; i++) {
        struct hp_slot *h = &hp[i];

        if (!h->used)
            continue;
        pciehp_release(&h->sm);
        if (h->pirq >= 0) {
            mhv_unmap_pirq(DOMID_SELF, h->pirq);
            mhv_pirq_test_and_clear((unsigned int)h->pirq);
        }
        h->used = false;
        n++;
    }
    printf("%u hotplug slot%s given up\n", n, n == 1 ? "" : "s");
    return 0;
}

/* Take over every hotplug slot of a registered port of ours not taken yet
 * (button delay @blink_ms); a slot already ours gets that delay. */
static int hotplug_take_all(unsigned int blink_ms)
{
    uint32_t start = 0, count = 0, total = 0;
    unsigned int found = 0;
    static struct mhv_pci_info chunk[16];
    int rc;

    do {
        if ((rc = mhv_pci_list(start, chunk, 16, &count, &total)))
            return rc;
        for (uint32_t i = 0; i < count; i++) {
            uint32_t hdr;

            if (chunk[i].owner != mhv_start_info->domid ||
                mhv_pci_conf_read(chunk[i].sbdf, PCI_HEADER_TYPE, 1, &hdr) ||
                (hdr & 0x7f) != 1)
                continue;
            found += slot_setup(chunk[i].sbdf, blink_ms);
        }
        start += count;
    } while (count && start < total);
    printf("%u hotplug slot%s, button delay %u ms\n", found, found == 1 ? "" : "s",
           blink_ms);
    return found ? 0 : -MHV_ENODEV;
}

/* hotplug [BLINK_MS|off] */
int cmd_hotplug(int argc, char **argv)
{
    uint64_t blink = PCIEHP_BLINK_MS_DEFAULT;
    int rc;

    if (argc > 1 && str_eq(argv[1], "off"))
        return hotplug_release_all();
    if (argc > 1 && (rc = arg_uint("blink milliseconds", argv[1], BLINK_MS_MAX, &blink)))
        return rc;
    return hotplug_take_all((unsigned int)blink);
}

void hotplug_boot(const char *cmdline)
{
    uint64_t blink = PCIEHP_BLINK_MS_DEFAULT;
    char word[16] = "";
    int rc = parse_cmdline_value(cmdline, "hotplug", word, sizeof(word));

    if (rc) {
        if (rc > 0 && str_eq(word, "off")) {
            printf("mhvctl: hotplug=off: the hotplug slots are left alone\n");
            return;
        }
        if (rc < 0 || parse_uint(word, BLINK_MS_MAX, &blink)) {
            printf("mhvctl: hotplug=%s%s: want off or a button delay in ms (at most "
                   "%u); using %u\n", word, rc < 0 ? "..." : "", BLINK_MS_MAX,
                   PCIEHP_BLINK_MS_DEFAULT);
            blink = PCIEHP_BLINK_MS_DEFAULT;
        }
    }
    hotplug_take_all((unsigned int)blink);
}

/* ------------------------------------------------------------ commands */

static int arg_slot(const char *s, struct hp_slot **h)
{
    uint32_t port;
    int rc = arg_sbdf("port SBDF", s, &port);

    if (rc)
        return rc;
    *h = slot_of(port);
    if (!*h) {
        printf("%pp is not a hotplug slot we run ('hotplug' first)\n", SBDF_ARG(port));
        return -MHV_ENODEV;
    }
    return 0;
}

static void print_owner(char *buf, size_t len, domid_t owner)
{
    if (owner == DOMID_INVALID)
        snprintf(buf, len, "d-");
    else
        snprintf(buf, len, "d%u", owner);
}

int cmd_slots(int argc, char **argv)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < HP_MAX_SLOTS; i++) {
        struct hp_slot *h = &hp[i];
        uint32_t ctl = 0xffff, sta = 0xffff, lnk = 0xffff;
        unsigned int sec = 0, sub = 0, nr;

        if (!h->used)
            continue;
        n++;
        mhv_pci_conf_read(h->sm.port, h->sm.cap + PCI_EXP_SLTCTL, 2, &ctl);
        mhv_pci_conf_read(h->sm.port, h->sm.cap + PCI_EXP_SLTSTA, 2, &sta);
        mhv_pci_conf_read(h->sm.port, h->sm.cap + PCI_EXP_LNKSTA, 2, &lnk);
        port_buses(h->sm.port, &sec, &sub);
        nr = list_behind(h->sm.port);
        printf("slot %pp bus %02x state %s power %s presence %s link %s pirq %d "
               "events %u functions %u\n", SBDF_ARG(h->sm.port), sec,
               pciehp_state_name(h->sm.state),
               (ctl & PCI_EXP_SLTCTL_PCC) ? "off" : "on",
               (sta & PCI_EXP_SLTSTA_PDS) ? "yes" : "no",
               (lnk & PCI_EXP_LNKSTA_DLLLA) ? "up" : "down", h->pirq,
               h->sm.events, nr);
        for (unsigned int j = 0; j < nr; j++) {
            char owner[8];

            print_owner(owner, sizeof(owner), hp_list[j].owner);
            printf("  %pp [%04x:%04x] %s%s%s\n", SBDF_ARG(hp_list[j].sbdf),
                   hp_list[j].vendor, hp_list[j].device, owner,
                   (hp_list[j].flags & MHV_PCI_FLAG_PF) ? " PF" :
                   (hp_list[j].flags & MHV_PCI_FLAG_VF) ? " VF" : "",
                   (hp_list[j].flags & MHV_PCI_FLAG_BROKEN) ? " broken" : "");
        }
    }
    if (!n)
        printf("no hotplug slots ('hotplug' takes them over)\n");
    return 0;
}

static bool state_from_name(const char *s, enum pciehp_state *st)
{
    for (int i = PCIEHP_OFF; i <= PCIEHP_POWERING_OFF; i++)
        if (str_eq(s, pciehp_state_name((enum pciehp_state)i))) {
            *st = (enum pciehp_state)i;
            return true;
        }
    return false;
}

/* slot-wait PORT STATE MS: service events until the slot is in STATE. */
int cmd_slot_wait(int argc, char **argv)
{
    struct hp_slot *h;
    enum pciehp_state want;
    uint64_t ms;
    int rc;

    if ((rc = arg_slot(argv[1], &h)))
        return rc;
    if (!state_from_name(argv[2], &want)) {
        printf("bad state '%s' (off, on, blinking-on, blinking-off, ...)\n", argv[2]);
        return -MHV_EINVAL;
    }
    if ((rc = arg_uint("milliseconds", argv[3], SLOT_WAIT_MAX_MS, &ms)))
        return rc;
    for (;;) {
        hotplug_service();
        if (h->sm.state == want) {
            printf("slot %pp %s\n", SBDF_ARG(h->sm.port), pciehp_state_name(want));
            return 0;
        }
        if (!ms) {
            printf("slot %pp still %s\n", SBDF_ARG(h->sm.port),
                   pciehp_state_name(h->sm.state));
            return -MHV_ETIMEDOUT;
        }
        mhvctl_idle_ns((uint64_t)SLOT_WAIT_STEP_MS * 1000 * 1000);
        ms = ms > SLOT_WAIT_STEP_MS ? ms - SLOT_WAIT_STEP_MS : 0;
    }
}

/* slot-power PORT on|off|force-off */
int cmd_slot_power(int argc, char **argv)
{
    struct hp_slot *h;
    int rc;

    if ((rc = arg_slot(argv[1], &h)))
        return rc;
    if (str_eq(argv[2], "on"))
        return pciehp_request_on(&h->sm);
    if (str_eq(argv[2], "off"))
        return pciehp_request_off(&h->sm, false);
    if (str_eq(argv[2], "force-off"))
        return pciehp_request_off(&h->sm, true);
    printf("bad power request '%s' (on, off, force-off)\n", argv[2]);
    return -MHV_EINVAL;
}
