package org.pyql.state;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A cluster job (cluster, sync or cron job) and who runs it. */
@Entity
@Table(name = "jobs")
public class JobEntity extends MetadataEntity {
    @Column(nullable = false, length = 200)
    private String name;
    /** {@code jobs}, {@code syncjobs} or {@code cron}. */
    @Column(name = "job_type", nullable = false, length = 16)
    private String type;
    /** {@code queued}, {@code running} or {@code waiting}; healing jobs also end {@code done} or {@code failed}. */
    @Column(nullable = false, length = 16)
    private String status;
    /** Node that reserved it, or null. */
    @Column(length = 64)
    private String node;
    @Column(nullable = false, length = 128)
    private String action;
    @Column(name = "job_config", columnDefinition = "text")
    private String config;
    @Column(name = "start_time")
    private Long startTime;
    @Column(name = "next_run_time")
    private Long nextRunTime;
    @Column(name = "last_error", columnDefinition = "text")
    private String lastError;

    protected JobEntity() {
    }

    public JobEntity(String id, String name, String type, String action, String config) {
        super(id);
        this.name = name;
        this.type = type;
        this.status = "queued";
        this.action = action;
        this.config = config;
    }

    public String getName() { return name; }

    public String getType() { return type; }

    public String getStatus() { return status; }

    public void setStatus(String status) { this.status = status; }

    public String getNode() { return node; }

    public void setNode(String node) { this.node = node; }

    public String getAction() { return action; }

    public String getConfig() { return config; }

    public void setConfig(String config) { this.config = config; }

    public Long getStartTime() { return startTime; }

    public void setStartTime(Long startTime) { this.startTime = startTime; }

    public Long getNextRunTime() { return nextRunTime; }

    public void setNextRunTime(Long nextRunTime) { this.nextRunTime = nextRunTime; }

    public String getLastError() { return lastError; }

    public void setLastError(String lastError) { this.lastError = lastError; }
}
