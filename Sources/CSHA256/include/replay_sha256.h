#ifndef REPLAY_SHA256_H
#define REPLAY_SHA256_H
#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the SHA extensions (and SSSE3, SSE4.1) the hardware path needs.
int replay_sha256_hardware_available(void);

/// SHA-256 of `length` bytes at `data` into `digest` (32 bytes), with the CPU's SHA
/// instructions. Call only when replay_sha256_hardware_available() returned 1.
void replay_sha256_hardware(const uint8_t *data, size_t length, uint8_t digest[32]);
#endif
