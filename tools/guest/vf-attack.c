/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vf-attack: root in an HVM Linux guest turns the igb VF it was given
 * against the machine (docs/vpci.md, "Threat model").  A static Linux
 * program, run from the guest's initramfs with igbvf not loaded:
 *
 *     vf-attack [--high] [0000:00:dd.0]      (default: the first 8086:10ca)
 *
 * --high puts its DMA buffers in guest RAM above 4 GiB (the guest must
 * have some), so that what lands shows the VF reaches all of it.
 *
 * It programs the VF itself: config space through sysfs (the guest
 * kernel's type-1 accesses, which mhv's virtual PCI bus answers), BAR0
 * and the MSI-X table through /dev/mem, and finds the guest-physical
 * addresses of its own buffers in /proc/self/pagemap.  Each attempt is
 * judged by what the guest itself can see:
 *
 *   landed    a DMA to our own memory arrived, as it should;
 *   blocked   a DMA that must not happen left everything we can see as it
 *             was (the hypervisor's VT-d fault log names the VF and the
 *             domain; the test reading the console checks it);
 *   escaped   it changed something of ours it must not have, or the
 *             device did what it was told where it should have been
 *             stopped.
 *
 *   vf-attack: NAME: landed|blocked|ESCAPED (details)
 *   vf-attack: N landed, M blocked, K escaped
 *
 * Then its config space with hostile values and MSI-X messages the
 * hypervisor must refuse (vectors below 32, NMI/SMI/INIT/ExtINT, foreign
 * destinations, DMA writes dressed as messages), fired by the VF: the
 * guest must get none of them (its NMI count stays, it lives on).
 *
 * The VF's reset through the mailbox repeats the few lines of the
 * protocol the domains' igbvf driver uses (domains/igb/igb_mbx.h): its code
 * runs on the domain runtime, this program on Linux.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../../domains/igb/igb_regs.h"

#define SYSFS_PCI       "/sys/bus/pci/devices"
#define PAGE            4096u
#define RING_ENTRIES    (PAGE / sizeof(struct igb_tx_desc))
#define FRAME_LEN       60
#define TXD_CMD         (FRAME_LEN | IGB_TXD_DTYP_DATA | IGB_TXD_DEXT | IGB_TXD_EOP | \
                         IGB_TXD_IFCS | IGB_TXD_RS)
#define SETTLE_MS       50      /* a DMA's time to happen (TCG included) */

#define PCI_COMMAND         0x04
#define PCI_COMMAND_MEMORY  0x2
#define PCI_COMMAND_MASTER  0x4
#define PCI_CAP_PTR         0x34
#define PCI_CAP_ID_MSIX     0x11
#define MSIX_ENABLE         0x8000
#define MSIX_MASKALL        0x4000

static struct vf {
    char dir[300];                  /* its sysfs directory */
    int cfg;                        /* its config file */
    uint64_t bar_gpa[6];
    volatile uint8_t *regs;         /* BAR0 */
    volatile uint8_t *msix;         /* the MSI-X table's page */
    unsigned int msix_pos;
} vf;

static unsigned int n_landed, n_blocked, n_escaped;

/* ------------------------------------------------------------ helpers */

static void die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    printf("vf-attack: ");
    vprintf(fmt, ap);
    printf(" (%s)\n", strerror(errno));
    va_end(ap);
    exit(2);
}

static void sleep_ms(unsigned int ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

static uint32_t rd(unsigned int reg)
{
    return *(volatile uint32_t *)(vf.regs + reg);
}

static void wr(unsigned int reg, uint32_t v)
{
    *(volatile uint32_t *)(vf.regs + reg) = v;
}

static uint32_t cfg_read(unsigned int reg, unsigned int size)
{
    uint32_t v = 0;

    if (pread(vf.cfg, &v, size, reg) != (ssize_t)size)
        return ~0u;
    return v;
}

static void cfg_write(unsigned int reg, unsigned int size, uint32_t v)
{
    if (pwrite(vf.cfg, &v, size, reg) != (ssize_t)size)
        printf("vf-attack: config write %#x (%u bytes) failed: %s\n", reg, size,
               strerror(errno));
}

static bool read_file(const char *dir, const char *name, char *buf, size_t len)
{
    char path[400];
    FILE *f;
    bool ok;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (!(f = fopen(path, "r")))
        return false;
    ok = fgets(buf, (int)len, f) != NULL;
    fclose(f);
    return ok;
}

/* ------------------------------------------------------------ finding the VF */

static bool is_igb_vf(const char *dir)
{
    char v[32], d[32];

    return read_file(dir, "vendor", v, sizeof(v)) && read_file(dir, "device", d, sizeof(d)) &&
           strtoul(v, NULL, 0) == 0x8086 && strtoul(d, NULL, 0) == 0x10ca;
}

static void find_vf(const char *want)
{
    struct dirent *e;
    DIR *dir;

    if (want) {
        snprintf(vf.dir, sizeof(vf.dir), SYSFS_PCI "/%s", want);
        return;
    }
    if (!(dir = opendir(SYSFS_PCI)))
        die("no %s", SYSFS_PCI);
    while ((e = readdir(dir))) {
        char d[300];

        if (e->d_name[0] == '.')
            continue;
        snprintf(d, sizeof(d), SYSFS_PCI "/%s", e->d_name);
        if (is_igb_vf(d)) {
            snprintf(vf.dir, sizeof(vf.dir), "%s", d);
            break;
        }
    }
    closedir(dir);
    if (!vf.dir[0]) {
        errno = ENODEV;
        die("no igb VF (8086:10ca) on the bus");
    }
}

/* The guest-physical addresses of the BARs (sysfs "resource": one line per
 * resource, start end flags). */
static void read_bars(void)
{
    char path[400], line[128];
    FILE *f;

    snprintf(path, sizeof(path), "%s/resource", vf.dir);
    if (!(f = fopen(path, "r")))
        die("cannot read %s", path);
    for (unsigned int i = 0; i < 6 && fgets(line, sizeof(line), f); i++)
        vf.bar_gpa[i] = strtoull(line, NULL, 16);
    fclose(f);
}

/* Map @len bytes of guest-physical @gpa: /dev/mem, else the sysfs
 * resource file of BAR @bar. */
static volatile uint8_t *map_phys(uint64_t gpa, size_t len, unsigned int bar,
                                  uint64_t off)
{
    char path[400];
    void *p = MAP_FAILED;
    int fd = open("/dev/mem", O_RDWR | O_SYNC);

    if (fd >= 0) {
        p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)gpa);
        close(fd);
    }
    if (p == MAP_FAILED) {
        snprintf(path, sizeof(path), "%s/resource%u", vf.dir, bar);
        if ((fd = open(path, O_RDWR | O_SYNC)) < 0)
            die("cannot open /dev/mem nor %s", path);
        p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)off);
        close(fd);
    }
    if (p == MAP_FAILED)
        die("cannot map %#" PRIx64, gpa);
    return p;
}

static unsigned int find_msix(void)
{
    unsigned int pos = cfg_read(PCI_CAP_PTR, 1) & 0xfc;

    for (unsigned int n = 0; pos && n < 48; n++) {
        if ((cfg_read(pos, 1) & 0xff) == PCI_CAP_ID_MSIX)
            return pos;
        pos = cfg_read(pos + 1, 1) & 0xfc;
    }
    return 0;
}

/* ------------------------------------------------------------ our memory */

/* The guest-physical address of @p (mapped, locked). */
static uint64_t gpa_of(const volatile void *p)
{
    uint64_t ent, va = (uintptr_t)p;
    int fd = open("/proc/self/pagemap", O_RDONLY);

    if (fd < 0 || pread(fd, &ent, 8, (off_t)(va / PAGE * 8)) != 8)
        die("cannot read /proc/self/pagemap");
    close(fd);
    if (!(ent & (1ULL << 63)) || !(ent & ((1ULL << 55) - 1))) {
        errno = EPERM;
        die("page %p not present or its frame hidden", (void *)p);
    }
    return (ent & ((1ULL << 55) - 1)) * PAGE + va % PAGE;
}

static struct igb_tx_desc *ring;    /* one page */
static volatile uint8_t *frame;     /* one page */
static volatile uint32_t *wb;       /* one page of write-back targets */

/* Guest RAM from here up is above the 32-bit address space. */
#define HIGH_RAM        0x100000000ULL
/* How many pages --high looks at before it gives up. */
#define HIGH_TRIES      65536

/* A locked, zeroed page; with @high, one whose guest-physical address is
 * at 4 GiB or above (the pages tried on the way stay ours: never offered
 * again). */
static void *dma_page(bool high)
{
    for (unsigned int i = 0; i < HIGH_TRIES; i++) {
        uint8_t *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE |
                          MAP_ANONYMOUS | MAP_LOCKED | MAP_POPULATE, -1, 0);

        if (p == MAP_FAILED)
            die("cannot allocate locked memory");
        memset(p, 0, PAGE);
        if (!high || gpa_of(p) >= HIGH_RAM)
            return p;
    }
    errno = ENOMEM;
    die("no page of guest RAM above 4 GiB in %u tries", HIGH_TRIES);
    return NULL;
}

/* The ring, the frame and the write-back page: with @high all three above
 * 4 GiB, so what lands there shows the VF's DMA reaches all of the
 * guest's RAM (its VT-d table is the guest-physical map, 64-bit). */
static void alloc_dma(bool high)
{
    ring = dma_page(high);
    frame = dma_page(high);
    wb = dma_page(high);
}

static void fill_ring(uint64_t buf)
{
    for (unsigned int i = 0; i < RING_ENTRIES; i++)
        ring[i] = (struct igb_tx_desc){ .addr = buf, .cmd_type_len = TXD_CMD,
                                        .olinfo_status = FRAME_LEN << 14 };
}

/* Queue 0 from scratch, as domains/domu/dma_attack.c: ring at @ring_gpa,
 * head = tail = @head, head write-back to @wba (0: descriptor write-back);
 * then tail = @head + 1: the VF fetches, reads, writes back. */
static void tx_one(uint64_t ring_gpa, unsigned int head, uint64_t wba)
{
    wr(IGBVF_TXDCTL, 0);
    wr(IGBVF_TDBAL, (uint32_t)ring_gpa);
    wr(IGBVF_TDBAH, (uint32_t)(ring_gpa >> 32));
    wr(IGBVF_TDLEN, RING_ENTRIES * sizeof(struct igb_tx_desc));
    wr(IGBVF_TDH, head);
    wr(IGBVF_TDT, head);
    wr(IGBVF_TDWBAL, (uint32_t)wba);
    wr(IGBVF_TDWBAH, (uint32_t)(wba >> 32));
    wr(IGBVF_TXDCTL, IGBVF_XDCTL_ENABLE);
    wr(IGBVF_TDT, (head + 1) % RING_ENTRIES);
    sleep_ms(SETTLE_MS);
}

/* ------------------------------------------------------------ the VF's reset */

static uint32_t mbx_cache;

static uint32_t mbx_status(void)
{
    uint32_t v = rd(IGBVF_V2PMAILBOX);

    mbx_cache |= v & (IGB_V2P_PFSTS | IGB_V2P_PFACK | IGB_V2P_RSTD);
    return v | mbx_cache;
}

static bool mbx_wait(uint32_t bit)
{
    for (unsigned int ms = 0; ms < 3000; ms++) {
        if (mbx_status() & bit) {
            mbx_cache &= ~bit;
            return true;
        }
        sleep_ms(1);
    }
    return false;
}

static bool mbx_lock(void)
{
    for (unsigned int i = 0; i < 50; i++) {
        wr(IGBVF_V2PMAILBOX, IGB_V2P_VFU);
        if (mbx_status() & IGB_V2P_VFU)
            return true;
        sleep_ms(1);
    }
    return false;
}

/* CTRL.RST, then VF_RESET to the PF: it enables our queues only then. */
static bool vf_reset(void)
{
    uint32_t reply;

    wr(IGBVF_CTRL, IGB_CTRL_RST);
    sleep_ms(20);
    mbx_cache = 0;
    for (unsigned int i = 0; mbx_status() & IGB_V2P_RSTI; i++) {
        if (i == 200)
            return false;
        sleep_ms(10);
    }
    mbx_cache &= ~IGB_V2P_RSTD;
    if (!mbx_lock())
        return false;
    mbx_cache &= ~IGB_V2P_PFACK;
    wr(IGBVF_VMBMEM, IGB_MSG_VF_RESET);
    wr(IGBVF_V2PMAILBOX, IGB_V2P_REQ);
    if (!mbx_wait(IGB_V2P_PFACK) || !mbx_wait(IGB_V2P_PFSTS) || !mbx_lock())
        return false;
    reply = rd(IGBVF_VMBMEM);
    wr(IGBVF_V2PMAILBOX, IGB_V2P_ACK);
    return reply == (IGB_MSG_VF_RESET | IGB_MSG_ACK);
}

/* ------------------------------------------------------------ verdicts */

static void landed(const char *name, bool ok, const char *what)
{
    if (ok) {
        n_landed++;
        printf("vf-attack: %s: landed (%s)\n", name, what);
    } else {
        n_blocked++;
        printf("vf-attack: %s: blocked (%s did not arrive)\n", name, what);
    }
}

static void must_block(const char *name, bool changed, const char *what)
{
    if (changed) {
        n_escaped++;
        printf("vf-attack: %s: ESCAPED (%s)\n", name, what);
    } else {
        n_blocked++;
        printf("vf-attack: %s: blocked (%s)\n", name, what);
    }
}

/* ------------------------------------------------------------ DMA */

static void dma_own_memory(const char *when)
{
    uint64_t ring_gpa = gpa_of(ring), wb_gpa = gpa_of(wb);
    char name[64];

    fill_ring(gpa_of(frame));
    wb[0] = 0xdeadbeef;
    tx_one(ring_gpa, 0, wb_gpa | 1);
    snprintf(name, sizeof(name), "own-memory-head-writeback%s", when);
    landed(name, wb[0] == 1, "TX head 1 written");
    fill_ring(gpa_of(frame));
    tx_one(ring_gpa, 0, 0);
    snprintf(name, sizeof(name), "own-memory-descriptor-writeback%s", when);
    landed(name, ring[0].olinfo_status & IGB_TXD_STAT_DD, "DD written back");
}

/*
 * A head write-back aimed at @target: it must reach nothing.  What we can
 * see is our own canaries (a translation that fell back to an identity map
 * of other memory, or wrapped, could hit them) and, when given, a register
 * of our VF at @target (@reg: a peer-to-peer write into our own BAR).  The
 * fault line in the hypervisor's log is the rest of the evidence.
 */
static void dma_write_to(const char *name, uint64_t target, int reg)
{
    bool changed = false;

    fill_ring(gpa_of(frame));
    for (unsigned int i = 0; i < 8; i++)
        wb[i] = 0xc0ffee00 + i;
    if (reg >= 0)
        wr(reg, 0x12345000);
    tx_one(gpa_of(ring), 0, target | 1);
    for (unsigned int i = 0; i < 8; i++)
        changed |= wb[i] != 0xc0ffee00 + i;
    if (reg >= 0)
        changed |= rd(reg) != 0x12345000;
    must_block(name, changed, reg >= 0 ? "the register and our memory unchanged" :
               "nothing of ours changed");
}

/* Descriptors fetched from @target: the write-back would go to our page;
 * it may not happen. */
static void dma_fetch_from(const char *name, uint64_t target)
{
    wb[8] = 0x5a5a5a5a;
    tx_one(target, 0, gpa_of((const void *)&wb[8]) | 1);
    must_block(name, wb[8] != 0x5a5a5a5a, "no descriptor read, no write-back");
}

/* The end of guest RAM as the kernel sees it (/proc/iomem "System RAM"). */
static uint64_t ram_end(void)
{
    char line[256];
    uint64_t end = 0;
    FILE *f = fopen("/proc/iomem", "r");

    while (f && fgets(line, sizeof(line), f)) {
        uint64_t s, e;

        if (strstr(line, "System RAM") && sscanf(line, " %" SCNx64 "-%" SCNx64, &s, &e) == 2 &&
            e + 1 > end)
            end = e + 1;
    }
    if (f)
        fclose(f);
    return end;
}

/*
 * A head write-back into the interrupt window in the compatibility format:
 * to the device an MSI with vector @vec (the head value) for APIC 0.  With
 * interrupt remapping on, hardware blocks it (GCMD.CFI clear, fault 0x25);
 * QEMU's model has no CFI and delivers it to the host, where the vector is
 * nobody's (logged: "irq: no handler for vector"), so this is no verdict
 * of ours: the hypervisor's log says what became of it.  (A vector below
 * 32 would enter an exception handler there; on hardware the window never
 * takes compatibility writes from a remapped device.)
 */
static void dma_compat_msi(const char *name, unsigned int vec)
{
    fill_ring(gpa_of(frame));
    tx_one(gpa_of(ring), vec - 1, 0xfee00000ull | 1);
    printf("vf-attack: %s: sent (vector %#x; the host's log judges)\n", name, vec);
}

static void dma_attacks(void)
{
    uint64_t top = (ram_end() + 0x1fffff) & ~0x1fffffULL;

    dma_own_memory("");
    dma_write_to("beyond-guest-ram", top + 0x200000, -1);
    dma_write_to("far-beyond-guest-ram", 0x0000200000000000ULL, -1);
    dma_compat_msi("msi-window-compat", 0xde);
    dma_write_to("msi-window-remappable", 0xfee00010 | (0x7ff0u << 5), -1);
    dma_write_to("own-bar0-register", vf.bar_gpa[0] + IGBVF_RDBAL, IGBVF_RDBAL);
    dma_write_to("own-msix-table", vf.bar_gpa[3], -1);
    dma_write_to("pf-bar0-host-address", 0xfe800000, -1);
    dma_fetch_from("descriptors-beyond-guest-ram", top + 0x800000);
    dma_fetch_from("descriptors-from-msi-window", 0xfee00000);
    /* The queue works again afterwards: nothing wedged it. */
    dma_own_memory("-after");
}

/* ------------------------------------------------------------ MSI-X */

static unsigned long nmi_count(void)
{
    char line[4096];
    unsigned long sum = 0;
    FILE *f = fopen("/proc/interrupts", "r");

    while (f && fgets(line, sizeof(line), f)) {
        char *p = line;

        while (*p == ' ')
            p++;
        if (strncmp(p, "NMI:", 4))
            continue;
        for (p += 4; *p;) {
            char *end;
            unsigned long v = strtoul(p, &end, 10);

            if (end == p)
                break;
            sum += v;
            p = end;
        }
    }
    if (f)
        fclose(f);
    return sum;
}

static void msix_entry(unsigned int e, uint32_t addr_lo, uint32_t addr_hi,
                       uint32_t data, uint32_t ctrl)
{
    volatile uint32_t *t = (volatile uint32_t *)(vf.msix + 16 * e);

    t[3] = 1;
    t[0] = addr_lo;
    t[1] = addr_hi;
    t[2] = data;
    t[3] = ctrl;
}

/* Make the VF raise its MSI-X entry 0 by software (EICS, as mhvctl fire
 * does; the PF driver set its GPIE MSI-X mode). */
static void fire(void)
{
    wr(IGBVF_IVAR_MISC, 0);
    wr(IGBVF_IVAR0, 0x80);              /* RX queue 0 -> entry 0, valid */
    wr(IGBVF_EIAC, 1);
    wr(IGBVF_EIMS, 1);
    wr(IGBVF_EICS, 1);
    sleep_ms(SETTLE_MS);
}

static void msix_attacks(void)
{
    static const struct { const char *name; uint32_t lo, hi, data; } bad[] = {
        { "vector-2",           0xfee00000, 0, 0x02 },
        { "vector-8-df",        0xfee00000, 0, 0x08 },
        { "vector-14-pf",       0xfee00000, 0, 0x0e },
        { "vector-31",          0xfee00000, 0, 0x1f },
        { "smi",                0xfee00000, 0, 0x200 | 0x40 },
        { "nmi",                0xfee00000, 0, 0x400 | 0x40 },
        { "init",               0xfee00000, 0, 0x500 | 0x40 },
        { "extint",             0xfee00000, 0, 0x700 | 0x40 },
        { "dest-not-a-vcpu",    0xfee00000 | (0x40 << 12), 0, 0x40 },
        { "dest-broadcast",     0xfee00000 | (0xff << 12), 0, 0x40 },
        { "level-triggered",    0xfee00000, 0, 0x8000 | 0x40 },
        { "dma-write-as-msi",   0x00100000, 0, 0x40 },
        { "remappable-format",  0xfee00010, 0, 0 },
    };
    unsigned long nmi0 = nmi_count();
    uint16_t ctrl;

    if (!vf.msix_pos) {
        printf("vf-attack: no MSI-X capability shown: MSI-X attacks skipped\n");
        return;
    }
    ctrl = cfg_read(vf.msix_pos + 2, 2);
    cfg_write(vf.msix_pos + 2, 2, (ctrl | MSIX_ENABLE) & ~MSIX_MASKALL);
    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        unsigned long before = nmi_count();

        msix_entry(0, bad[i].lo, bad[i].hi, bad[i].data, 0);
        fire();
        /* Alive to print this line; an NMI would have been counted. */
        must_block(bad[i].name, nmi_count() != before, "no NMI, the guest lives");
    }
    msix_entry(0, 0, 0, 0, 1);
    cfg_write(vf.msix_pos + 2, 2, ctrl & ~MSIX_ENABLE);
    printf("vf-attack: msix: NMIs %lu -> %lu\n", nmi0, nmi_count());
}

/* ------------------------------------------------------------ config space */

static void config_sweep(void)
{
    static const uint32_t values[] = { 0xffffffff, 0, 0xa5a5a5a5 };
    uint8_t saved[256];
    bool same;

    for (unsigned int r = 0; r < 256; r += 4) {
        uint32_t v = cfg_read(r, 4);

        memcpy(&saved[r], &v, 4);
    }
    for (unsigned int v = 0; v < 3; v++)
        for (unsigned int size = 1; size <= 4; size *= 2)
            for (unsigned int reg = 0; reg < 256; reg += size) {
                cfg_write(reg, size, values[v]);
                (void)cfg_read(reg, size);
            }
    /* The header back as it was (BARs, COMMAND), so the VF can work again. */
    for (unsigned int r = 0x10; r < 0x28; r += 4)
        cfg_write(r, 4, *(uint32_t *)&saved[r]);
    cfg_write(PCI_COMMAND, 2, *(uint16_t *)&saved[PCI_COMMAND]);
    same = cfg_read(0, 4) == *(uint32_t *)&saved[0] &&
           cfg_read(8, 4) == *(uint32_t *)&saved[8];
    must_block("config-sweep", !same, "identity and class unchanged");
    if (!vf_reset())
        printf("vf-attack: the VF's reset after the sweep failed\n");
}

int main(int argc, char **argv)
{
    bool high = argc > 1 && !strcmp(argv[1], "--high");

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (high) {
        argc--;
        argv++;
    }
    find_vf(argc > 1 ? argv[1] : NULL);
    {
        char path[400];

        snprintf(path, sizeof(path), "%s/config", vf.dir);
        if ((vf.cfg = open(path, O_RDWR)) < 0)
            die("cannot open %s", path);
    }
    read_bars();
    cfg_write(PCI_COMMAND, 2, cfg_read(PCI_COMMAND, 2) | PCI_COMMAND_MEMORY |
              PCI_COMMAND_MASTER);
    vf.regs = map_phys(vf.bar_gpa[0], 0x4000, 0, 0);
    vf.msix_pos = find_msix();
    if (vf.msix_pos) {
        uint32_t t = cfg_read(vf.msix_pos + 4, 4);

        vf.msix = map_phys(vf.bar_gpa[t & 7] + (t & ~7u), PAGE, t & 7, t & ~7u);
    }
    alloc_dma(high);
    printf("vf-attack: start on %s: BAR0 %#" PRIx64 ", BAR3 %#" PRIx64 ", ring at %#"
           PRIx64 ", frame at %#" PRIx64 ", write-backs at %#" PRIx64 "\n",
           strrchr(vf.dir, '/') + 1, vf.bar_gpa[0], vf.bar_gpa[3], gpa_of(ring),
           gpa_of(frame), gpa_of((const void *)wb));
    if (!vf_reset())
        printf("vf-attack: the VF's reset through the mailbox failed (is the PF up?)\n");
    dma_attacks();
    msix_attacks();
    config_sweep();
    wr(IGBVF_TXDCTL, 0);
    printf("vf-attack: %u landed, %u blocked, %u escaped\n", n_landed, n_blocked,
           n_escaped);
    return n_escaped ? 1 : 0;
}
