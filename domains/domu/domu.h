/* SPDX-License-Identifier: GPL-2.0 */
/* The ordinary-domain test program: its parts. */
#ifndef DOMAINS_DOMU_H
#define DOMAINS_DOMU_H

#include <runtime/runtime.h>
#include <runtime/libmhvctl.h>
#include <runtime/parse.h>
#include <runtime/cmdline.h>

/*
 * privcheck.c: try every operation an ordinary domain must be refused
 * (privileged calls, devices it does not own, pointers outside its user
 * space, unknown operations), one line each:
 *   priv NAME: RESULT (expected ENAME) ok|FAILED
 * then "privilege checks: N passed, M failed".  Returns M.
 */
int privilege_checks(void);

/*
 * stress.c: the stress mode (command line `stress=N stable=SBDF`): up to
 * N rounds of MSI-X map / fire / unmap on the devices we own while the
 * control domain moves them, until @stable (which it leaves with us) is
 * marked broken; then the broken-device rules; then one summary line.
 * Returns 0, or 1 after any failure (the domain's shutdown code).
 */
int stress_run(unsigned int rounds, uint32_t stable);

/*
 * attack.c: the attack modes (command line `attack=NAME`); returns the
 * domain's exit code if the attack did not get it crashed.
 */
int attack_run(const char *name);

/*
 * reset.c: the `reset` mode: FLR of the VF @sbdf we own through its PCIe
 * Device Control, then: @pirq must be gone, a new mapping must deliver.
 * One line; returns 0 or 1.
 */
int reset_check(uint32_t sbdf, int pirq, volatile void *bar0);
/* The `flr-loop` mode: FLR of our first device about once a second,
 * forever (reset.c says what it prints).  Returns only on failure. */
int flr_loop_run(void);

/*
 * net.c: the network mode (command line `net=IP ...`, see net.c): bring
 * up the first igb VF assigned to us, do what the command line says,
 * serve until the device goes.  Returns the domain's shutdown code.
 */
int net_run_mode(const char *cmdline);

/*
 * dma_attack.c: `dma-attack` on the command line: turn the first igb VF we
 * are given against the machine through its DMA engine, one line per
 * attempt, then "dma-attack: N landed, M blocked, K escaped".  Its forged
 * MSIs name IRTE @victim_irte (`dma-attack=0xN`, default 0x31).  Returns 0,
 * or 1 when anything escaped.
 */
int dma_attack_run(uint32_t sbdf, unsigned int victim_irte);

/*
 * dma_canary.c: `dma-canary=writer` leaves DMA programmed on its VF (and
 * with `crash` dies that way); `dma-canary=check` gets the VF later and
 * checks that nothing reached its memory at the same addresses.
 * dma_canary_prepare() sets the memory up at start.  Each returns 0 on
 * success (the domain's shutdown code).
 */
void dma_canary_prepare(bool checker);
int dma_canary_writer(uint32_t sbdf, bool crash);
int dma_canary_check(uint32_t sbdf);

/*
 * fpu.c: the FPU-isolation mode (command line `fpu=writer` or
 * `fpu=reader`, `rounds=N`): the initial state is clean, and the domain's
 * own x87/SSE/AVX values survive being switched out while another domain
 * loads different ones.  Returns the shutdown code (0: no mismatch).
 */
int fpu_run(const char *cmdline, const char *mode);
/*
 * simd.c (built with SSE): compiler-made SSE, SSE2, x87 and AVX code runs
 * and computes right (`fpu=simd`).  Returns 0, or 1 on a wrong result.
 */
int simd_run(void);

#endif /* DOMAINS_DOMU_H */
