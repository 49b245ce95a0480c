package org.pyql.e2e.k8s;

/** Named daemon threads (Java 17 has no {@code Thread.ofPlatform()}). */
final class Daemons {
    private Daemons() {
    }

    static Thread start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
