package org.pyql.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void tasksRunOneAtATimeInSubmissionOrderEvenAfterAFailure() throws Exception {
        try (SerialExecutor serial = new SerialExecutor("serial-test")) {
            List<Integer> seen = new ArrayList<>();   // unsynchronised on purpose: one thread touches it
            for (int i = 0; i < 100; i++) {
                int n = i;
                serial.execute(() -> {
                    if (n == 50) throw new IllegalStateException("task 50 fails");
                    seen.add(n);
                });
            }
            List<Integer> result = serial.call(() -> List.copyOf(seen), 5000);
            assertEquals(99, result.size());
            for (int i = 1; i < result.size(); i++) assertTrue(result.get(i - 1) < result.get(i), result.toString());
        }
    }

    @Test
    void callFromItsOwnThreadIsRefusedInsteadOfDeadlocking() throws Exception {
        try (SerialExecutor serial = new SerialExecutor("serial-test")) {
            AtomicReference<Throwable> inner = new AtomicReference<>();
            serial.call(() -> {
                try {
                    serial.call(() -> 1, 1000);
                } catch (Throwable t) {
                    inner.set(t);
                }
                return null;
            }, 5000);
            assertTrue(inner.get() instanceof IllegalStateException, String.valueOf(inner.get()));
            assertTrue(serial.call(serial::onThread, 5000));
        }
    }

    @Test
    void aClosedExecutorDropsTasksAndRefusesCalls() {
        SerialExecutor serial = new SerialExecutor("serial-test");
        serial.close();
        serial.execute(() -> { throw new AssertionError("must not run"); });
        assertThrows(IllegalStateException.class, () -> serial.call(() -> 1, 1000));
    }
}
