/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Instruction encodings for tests/unit/test_x86_decode.c, made by the host
 * assembler (so the expected lengths are the assembler's, not hand-typed).
 * Each CASE emits the instruction's bytes and a table row
 * { bytes, name, length, mode bits }; the test looks the expected decode up
 * by name.  A few rows use .byte where no mnemonic exists (odd prefixes,
 * refused forms).
 */
	.section .rodata.x86_case_names, "a"
	.section .rodata.x86_case_code, "a"
	.section .data.rel.ro.x86_cases, "aw"
	.balign 8
	.globl x86_asm_cases
x86_asm_cases:

	.macro CASE name:req, bits:req, insn:vararg
	.pushsection .rodata.x86_case_names, "a"
200:	.asciz "\name"
	.popsection
	.pushsection .rodata.x86_case_code, "a"
	.code\bits
100:	\insn
101:
	.code64
	.popsection
	.quad 100b
	.quad 200b
	.long 101b - 100b
	.long \bits
	.endm

	/* Intercepted instructions, 64-bit. */
	CASE cpuid, 64, cpuid
	CASE rdmsr, 64, rdmsr
	CASE wrmsr, 64, wrmsr
	CASE rdtsc, 64, rdtsc
	CASE rdtscp, 64, rdtscp
	CASE rdpmc, 64, rdpmc
	CASE hlt, 64, hlt
	CASE pause, 64, pause
	CASE invd, 64, invd
	CASE wbinvd, 64, wbinvd
	CASE xsetbv, 64, xsetbv
	CASE monitor, 64, monitor %rax, %ecx, %edx
	CASE mwait, 64, mwait %eax, %ecx
	CASE vmcall, 64, vmcall
	CASE vmrun, 64, vmrun %rax
	CASE vmmcall, 64, vmmcall
	CASE vmload, 64, vmload %rax
	CASE vmsave, 64, vmsave %rax
	CASE stgi, 64, stgi
	CASE clgi, 64, clgi
	CASE skinit, 64, skinit %eax
	CASE invlpga, 64, invlpga %rax, %ecx
	CASE cpuid_66, 64, data16 cpuid
	CASE vmmcall_rex, 64, .byte 0x48, 0x0f, 0x01, 0xd9
	CASE wrmsr_prefixes, 64, .byte 0x2e, 0x66, 0x0f, 0x30
	/* The same in 32- and 16-bit code. */
	CASE cpuid32, 32, cpuid
	CASE hlt16, 16, hlt
	CASE vmmcall16, 16, vmmcall
	CASE rdmsr16_66, 16, data32 rdmsr

	/* Port I/O. */
	CASE in_imm_al, 64, in $0x80, %al
	CASE in_imm_ax, 64, in $0x71, %ax
	CASE in_imm_eax, 64, in $0x42, %eax
	CASE out_imm_al, 64, out %al, $0x61
	CASE in_dx_al, 64, in (%dx), %al
	CASE in_dx_ax, 64, in (%dx), %ax
	CASE out_dx_eax, 64, out %eax, (%dx)
	CASE out_dx_rex, 64, .byte 0x48, 0xef
	CASE insb, 64, insb
	CASE insw, 64, insw
	CASE outsl, 64, outsl
	CASE rep_outsb, 64, rep outsb
	CASE rep_insl_a32, 64, addr32 rep insl
	CASE outsb_fs, 64, outsb %fs:(%rsi), (%dx)
	CASE in32_dx_ax, 32, in (%dx), %ax
	CASE out32_imm_eax, 32, out %eax, $0xf4
	CASE in16_dx_ax, 16, in (%dx), %ax
	CASE in16_dx_eax, 16, in (%dx), %eax
	CASE in16_imm_al, 16, in $0x71, %al
	CASE rep_insw16, 16, rep insw

	/* MMIO moves, 64-bit. */
	CASE ld_rdi, 64, mov (%rdi), %eax
	CASE st_rdi, 64, mov %eax, (%rdi)
	CASE ld_disp8, 64, mov 0x10(%rdi), %ecx
	CASE ld_disp32, 64, mov 0x12345(%rdi), %edx
	CASE ld_negdisp, 64, mov -0x20(%rbx), %eax
	CASE ld_sib, 64, mov (%rax,%rbx,4), %esi
	CASE ld_rsp_r8d, 64, mov 8(%rsp), %r8d
	CASE ld_r12, 64, mov (%r12), %eax
	CASE ld_r13, 64, mov (%r13), %eax
	CASE ld_rbp, 64, mov (%rbp), %eax
	CASE ld_nobase, 64, mov 0x100(,%rcx,8), %eax
	CASE ld_rip, 64, mov 0x1000(%rip), %eax
	CASE st_rip_imm, 64, movl $0xdeadbeef, 0x40(%rip)
	CASE st_q, 64, mov %rax, (%rdi)
	CASE ld_q_r15, 64, mov (%rdi), %r15
	CASE st_q_rex_all, 64, mov %r9, 8(%r10,%r11,2)
	CASE st_b, 64, mov %al, (%rdi)
	CASE ld_b_ah, 64, mov (%rdi), %ah
	CASE st_b_bh, 64, mov %bh, 3(%rsi)
	CASE ld_b_sil, 64, mov (%rdi), %sil
	CASE st_w, 64, mov %ax, (%rdi)
	CASE ld_w_r9w, 64, mov (%rdi), %r9w
	CASE st_imm32, 64, movl $0x12345678, (%rdi)
	CASE st_imm64neg, 64, movq $-1, 8(%rdi)
	CASE st_imm8, 64, movb $0x5a, (%rdi)
	CASE st_imm16, 64, movw $0x1234, 2(%rdi)
	CASE movzbl, 64, movzbl (%rdi), %eax
	CASE movzwl, 64, movzwl 4(%rdi), %ecx
	CASE movzbq, 64, movzbq (%rdi), %r10
	CASE movzbw, 64, movzbw (%rdi), %ax
	CASE movsbl, 64, movsbl (%rdi), %eax
	CASE movswq, 64, movswq (%rdi), %rax
	CASE movslq, 64, movslq (%rdi), %rdx
	CASE movsxd32, 64, .byte 0x63, 0x07
	CASE moffs_ld, 64, movabs 0xfec00010, %eax
	CASE moffs_st_q, 64, movabs %rax, 0xfee00300
	CASE moffs_ld_b, 64, movabs 0xfec00000, %al
	CASE ld_gs, 64, mov %gs:0x10(%rax), %eax
	CASE ld_a32, 64, addr32 mov (%edi), %eax
	CASE ld_a32_rip, 64, addr32 mov 0x10(%eip), %eax
	CASE st_rep_ignored, 64, .byte 0xf3, 0x89, 0x07

	/* MMIO moves, 32- and 16-bit code. */
	CASE ld32_edi, 32, mov (%edi), %eax
	CASE ld32_abs, 32, mov 0xfec00010, %ebx
	CASE ld32_moffs, 32, mov 0xfec00010, %eax
	CASE st32_w, 32, mov %ax, (%ebx)
	CASE st32_sib, 32, mov %eax, 4(%ebx,%esi,2)
	CASE ld32_a16, 32, addr16 mov (%bx,%si), %eax
	CASE ld16_bxsi, 16, mov (%bx,%si), %ax
	CASE ld16_moffs, 16, mov 0x1234, %ax
	CASE st16_bp, 16, mov %eax, 8(%bp)
	CASE st16_imm32, 16, movl $1, (%di)
	CASE ld16_abs, 16, mov 0x1234, %bx
	CASE ld16_a32, 16, addr32 mov (%eax), %ax

	/* Refused. */
	CASE bad_lock_mov, 64, .byte 0xf0, 0x89, 0x07
	CASE bad_reg_form, 64, mov %eax, %ebx
	CASE bad_movsb, 64, movsb
	CASE bad_nop, 64, nop
	CASE bad_vex, 64, vmovdqa (%rdi), %ymm0
	CASE bad_arpl, 32, arpl %ax, (%ebx)
	CASE bad_dec32, 32, .byte 0x48, 0x0f, 0xa2
	CASE bad_c7_reg1, 64, .byte 0xc7, 0x0f, 1, 0, 0, 0
	CASE bad_add_mem, 64, add %eax, (%rdi)
	CASE bad_xchg_mem, 64, xchg %eax, (%rdi)
	CASE bad_movzx_reg, 64, movzbl %al, %eax
	CASE bad_0f01_other, 64, lgdt (%rax)
	CASE bad_too_long, 64, .byte 0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x0f,0xa2

	.quad 0, 0
	.long 0, 0

	.section .note.GNU-stack, "", @progbits
