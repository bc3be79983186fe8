/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhvctl's `sriov SBDF N`: turn a PF's VFs on and report them to the
 * hypervisor, or (N = 0) take them out of the registry and turn them off,
 * all through config-space hypercalls, as a PV dom0's PCI core would.
 *
 * Enable: NumVFs = N, then Control = VFE | MSE (ARI kept as found); after
 * the 100 ms the PCIe spec asks for, re-read First VF Offset and VF Stride
 * (they may depend on NumVFs), set each VF's COMMAND memory + bus master
 * (QEMU's VFs decode their BARs only then), and add each VF with
 * PHYSDEVOP_pci_device_add (XEN_PCI_DEV_VIRTFN, its PF).  A failed add
 * stops there: the VFs added so far stay registered and enabled, and
 * `sriov SBDF 0` cleans up.
 *
 * Disable: remove every VF of the current NumVFs from the registry (one
 * that is not registered is skipped); any other refusal stops before the
 * VFs are switched off under a user.  Then clear VFE | MSE and NumVFs.
 *
 * On an igb PF (8086:10c9) the PF driver (cmd_net.c, domains/igb/igb_pf.c)
 * comes up before the VFs are enabled (link, pools, MACs, mailbox
 * service), so a VF works as soon as it is added; it stops once they are
 * disabled.
 */
#include "mhvctl.h"
#include <igb/igb_irq.h>

#define VF_ENABLE_DELAY_NS  (100ull * 1000 * 1000)

static int conf_rd(uint32_t sbdf, unsigned int reg, unsigned int size,
                   uint32_t *v)
{
    int rc = mhv_pci_conf_read(sbdf, reg, size, v);

    if (rc)
        printf("sriov: config read %pp+%#x failed\n", SBDF_ARG(sbdf), reg);
    return rc;
}

static int conf_wr(uint32_t sbdf, unsigned int reg, unsigned int size,
                   uint32_t v)
{
    int rc = mhv_pci_conf_write(sbdf, reg, size, v);

    if (rc)
        printf("sriov: config write %pp+%#x=%#x failed\n", SBDF_ARG(sbdf),
               reg, v);
    return rc;
}

/*
 * Offset of extended capability @id in *pos.  The walk is bounded by the
 * number of headers that fit in extended config space, and stops at a
 * pointer back into the first 256 bytes: a corrupt list ends it.
 */
static int find_ext_cap(uint32_t sbdf, uint16_t id, unsigned int *pos)
{
    unsigned int off = PCI_EXT_CAP_PTR_MIN;

    for (unsigned int n = 0; n < PCI_EXT_CAP_MAX_ENTRIES; n++) {
        uint32_t hdr;
        int rc = conf_rd(sbdf, off, 4, &hdr);

        if (rc)
            return rc;
        if (hdr == 0 || hdr == 0xffffffffu)
            return -MHV_ENODEV;
        if (PCI_EXT_CAP_ID(hdr) == id) {
            *pos = off;
            return 0;
        }
        off = PCI_EXT_CAP_NEXT(hdr);
        if (!off)
            return -MHV_ENODEV;
        if (off < PCI_EXT_CAP_PTR_MIN) {
            printf("sriov: %pp: extended capability list points at %#x\n",
                   SBDF_ARG(sbdf), off);
            return -MHV_ENODEV;
        }
    }
    printf("sriov: %pp: extended capability list does not end\n",
           SBDF_ARG(sbdf));
    return -MHV_ENODEV;
}

struct sriov_state {
    uint32_t pf;
    unsigned int pos;           /* SR-IOV capability */
    uint32_t ctrl, total, num, offset, stride;
};

static int read_geometry(struct sriov_state *s)
{
    int rc;

    if ((rc = conf_rd(s->pf, s->pos + PCI_SRIOV_CTRL, 2, &s->ctrl)) ||
        (rc = conf_rd(s->pf, s->pos + PCI_SRIOV_TOTAL_VF, 2, &s->total)) ||
        (rc = conf_rd(s->pf, s->pos + PCI_SRIOV_NUM_VF, 2, &s->num)) ||
        (rc = conf_rd(s->pf, s->pos + PCI_SRIOV_VF_OFFSET, 2, &s->offset)) ||
        (rc = conf_rd(s->pf, s->pos + PCI_SRIOV_VF_STRIDE, 2, &s->stride)))
        return rc;
    return 0;
}

/* SBDF of VF @i, or -MHV_ERANGE if its routing ID passes bus 255. */
static int vf_sbdf(const struct sriov_state *s, unsigned int i, uint32_t *sbdf)
{
    uint32_t rid = (s->pf & 0xffff) + s->offset + s->stride * i;

    if (rid > 0xffff) {
        printf("sriov: VF %u of %pp would be past bus 255\n", i,
               SBDF_ARG(s->pf));
        return -MHV_ERANGE;
    }
    *sbdf = (s->pf & 0xffff0000u) | rid;
    return 0;
}

static int sriov_disable(struct sriov_state *s)
{
    int rc;

    if (s->ctrl & PCI_SRIOV_CTRL_VFE) {
        for (unsigned int i = 0; i < s->num; i++) {
            uint32_t vf;

            if ((rc = vf_sbdf(s, i, &vf)))
                return rc;
            net_pf_forget(vf);          /* our own network on it ends */
            rc = mhv_pci_device_remove(vf);
            if (rc == -MHV_ENODEV) {
                printf("vf %u %pp not registered\n", i, SBDF_ARG(vf));
                continue;
            }
            if (rc) {
                printf("vf %u %pp: remove refused\n", i, SBDF_ARG(vf));
                return rc;
            }
            irq_forget_device(vf);
            printf("vf %u %pp removed\n", i, SBDF_ARG(vf));
        }
    }
    rc = conf_wr(s->pf, s->pos + PCI_SRIOV_CTRL, 2,
                 s->ctrl & ~(uint32_t)(PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE));
    if (!rc)
        rc = conf_wr(s->pf, s->pos + PCI_SRIOV_NUM_VF, 2, 0);
    return rc;
}

static int sriov_enable(struct sriov_state *s, unsigned int n)
{
    uint32_t v;
    int rc;

    if (s->ctrl & PCI_SRIOV_CTRL_VFE) {
        printf("sriov: %pp already has %u VFs enabled; 'sriov %pp 0' first\n",
               SBDF_ARG(s->pf), s->num, SBDF_ARG(s->pf));
        return -MHV_EBUSY;
    }
    if ((rc = conf_wr(s->pf, s->pos + PCI_SRIOV_NUM_VF, 2, n)) ||
        (rc = conf_rd(s->pf, s->pos + PCI_SRIOV_NUM_VF, 2, &v)))
        return rc;
    if (v != n) {
        printf("sriov: %pp: NumVFs reads %u after writing %u\n",
               SBDF_ARG(s->pf), v, n);
        return -MHV_EIO;
    }
    rc = conf_wr(s->pf, s->pos + PCI_SRIOV_CTRL, 2,
                 (s->ctrl & PCI_SRIOV_CTRL_ARI) | PCI_SRIOV_CTRL_VFE |
                 PCI_SRIOV_CTRL_MSE);
    if (rc)
        return rc;
    mhv_sleep_ns(VF_ENABLE_DELAY_NS);
    if ((rc = read_geometry(s)))
        return rc;
    if (!s->offset || (n > 1 && !s->stride)) {
        printf("sriov: %pp: VF offset %#x stride %#x are unusable\n",
               SBDF_ARG(s->pf), s->offset, s->stride);
        return -MHV_EIO;
    }

    for (unsigned int i = 0; i < n; i++) {
        uint32_t vf, cmd;

        if ((rc = vf_sbdf(s, i, &vf)))
            return rc;
        if ((rc = conf_rd(vf, PCI_COMMAND, 2, &cmd)) ||
            (rc = conf_wr(vf, PCI_COMMAND, 2,
                          cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)))
            return rc;
        rc = mhv_pci_device_add(vf, XEN_PCI_DEV_VIRTFN, s->pf);
        if (rc) {
            printf("vf %u %pp: add refused\n", i, SBDF_ARG(vf));
            return rc;
        }
        printf("vf %u %pp added\n", i, SBDF_ARG(vf));
    }
    return 0;
}

int sriov_pf_off(uint32_t pf)
{
    struct sriov_state s = { .pf = pf };
    int rc = find_ext_cap(pf, PCI_EXT_CAP_ID_SRIOV, &s.pos);

    if (rc)
        return rc == -MHV_ENODEV ? 0 : rc;
    if ((rc = read_geometry(&s)))
        return rc;
    if (!(s.ctrl & (PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE)) && !s.num)
        return 0;
    rc = conf_wr(pf, s.pos + PCI_SRIOV_CTRL, 2,
                 s.ctrl & ~(uint32_t)(PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE));
    if (!rc)
        rc = conf_wr(pf, s.pos + PCI_SRIOV_NUM_VF, 2, 0);
    return rc;
}

int cmd_sriov(int argc, char **argv)
{
    struct sriov_state s = { 0 };
    uint64_t n;
    uint32_t id;
    bool igb;
    int rc;

    if ((rc = arg_sbdf("PF SBDF", argv[1], &s.pf)) ||
        (rc = arg_uint("VF count", argv[2], 0xffff, &n)))
        return rc;
    if ((rc = conf_rd(s.pf, PCI_VENDOR_ID, 4, &id)))
        return rc;
    if ((id & 0xffff) == 0xffff) {
        printf("sriov: no function at %pp\n", SBDF_ARG(s.pf));
        return -MHV_ENODEV;
    }
    rc = find_ext_cap(s.pf, PCI_EXT_CAP_ID_SRIOV, &s.pos);
    if (rc) {
        if (rc == -MHV_ENODEV)
            printf("sriov: %pp has no SR-IOV capability\n", SBDF_ARG(s.pf));
        return rc;
    }
    if ((rc = read_geometry(&s)))
        return rc;
    if (n > s.total) {
        printf("sriov: %pp offers at most %u VFs\n", SBDF_ARG(s.pf), s.total);
        return -MHV_ERANGE;
    }
    igb = igb_is_pf((uint16_t)id, (uint16_t)(id >> 16));
    if (!n) {
        rc = sriov_disable(&s);
        if (!rc && igb)
            net_pf_stop(s.pf);
        return rc;
    }
    if (igb && !(s.ctrl & PCI_SRIOV_CTRL_VFE) &&
        (rc = net_pf_start(s.pf, (unsigned int)n)))
        return rc;
    rc = sriov_enable(&s, (unsigned int)n);
    if (igb)
        net_pf_geometry(s.pf, s.offset, s.stride);
    return rc;
}
