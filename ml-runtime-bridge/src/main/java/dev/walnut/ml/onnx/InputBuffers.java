package dev.walnut.ml.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Direct buffers for stacked input tensors, kept per thread and reused from call to call. ONNX
 * Runtime reads a direct buffer in place, where it copies a heap buffer into a direct buffer it
 * allocates per tensor (each with a cleaner for the GC to process). A thread builds the tensors of
 * one call at a time (one slot per input) and closes them before its next call, so a slot is never
 * read by two live tensors. Buffers above {@link #MAX_KEPT} bytes are not kept, so a thread holds
 * at most a few small buffers.
 */
final class InputBuffers {
  static final int MAX_KEPT = 1 << 20;

  private static final ThreadLocal<ByteBuffer[]> KEPT =
      ThreadLocal.withInitial(() -> new ByteBuffer[0]);

  private InputBuffers() {}

  /** A native-order direct buffer of exactly {@code bytes} remaining for input {@code slot}. */
  static ByteBuffer get(int slot, long bytes) {
    if (bytes > MAX_KEPT) {
      return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    }
    ByteBuffer[] kept = KEPT.get();
    if (slot >= kept.length) {
      ByteBuffer[] grown = new ByteBuffer[slot + 1];
      System.arraycopy(kept, 0, grown, 0, kept.length);
      kept = grown;
      KEPT.set(kept);
    }
    ByteBuffer b = kept[slot];
    if (b == null || b.capacity() < bytes) {
      // room for a few more records than asked, so batches that grow do not reallocate each time
      int capacity = (int) Math.min(MAX_KEPT, Math.max(bytes * 2, 4096));
      b = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
      kept[slot] = b;
    }
    b.clear().limit((int) bytes);
    return b;
  }
}
