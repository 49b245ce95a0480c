package org.pyql.cluster.heal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.auth.Caller;
import org.pyql.cluster.Access;
import org.pyql.cluster.ClusterAccess;
import org.pyql.cluster.ClusterTables;
import org.pyql.cluster.route.ClusterIndex;
import org.pyql.error.NotFoundException;
import org.pyql.state.ClusterEntity;
import org.pyql.state.JobEntity;

/**
 * The healing jobs as their cluster's owner (or an admin) sees them: type, table, replica, state, progress (done of
 * total, percent), rate, started, attempts, last error. Anyone else gets 404, as for the cluster itself.
 */
@ApplicationScoped
public class HealJobViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private ClusterTables tables;
    @Inject
    private ClusterIndex index;
    @Inject
    private HealJobs jobs;

    public List<ObjectNode> ofCluster(Caller caller, String clusterName, String ownerName) {
        ClusterEntity c = tables.cluster(caller, clusterName, ownerName, Access.OWNER);
        List<ObjectNode> out = new ArrayList<>();
        for (JobEntity j : jobs.ofCluster(c.getId())) out.add(view(j, c));
        return out;
    }

    public ObjectNode one(Caller caller, String id) {
        JobEntity j = jobs.get(id).orElseThrow(() -> new NotFoundException("job " + id + " not found"));
        String clusterId = HealJob.of(j).cluster();
        ClusterEntity c = index.snapshot().clusters().stream().filter(x -> x.getId().equals(clusterId)).findFirst()
                .orElseThrow(() -> new NotFoundException("job " + id + " not found"));
        if (ClusterAccess.of(caller, c) != Access.OWNER) throw new NotFoundException("job " + id + " not found");
        return view(j, c);
    }

    private static ObjectNode view(JobEntity j, ClusterEntity c) {
        HealJob h = HealJob.of(j);
        ObjectNode o = JSON.createObjectNode();
        o.put("id", j.getId());
        o.put("type", HealJob.ACTION);
        o.put("method", h.method());
        o.put("cluster", c.getName());
        o.put("table", h.table());
        o.put("replica", h.replica());
        o.put("state", j.getStatus());
        o.put("phase", h.phase());
        ObjectNode p = o.putObject("progress");
        p.put("done", h.done());
        p.put("total", h.total());
        p.put("percent", h.percent());
        o.put("rate", h.rate());
        o.put("donor", h.donor());
        o.put("node", j.getNode());
        if (j.getStartTime() == null) o.putNull("started");
        else o.put("started", java.time.Instant.ofEpochMilli(j.getStartTime()).toString());
        o.put("attempts", h.attempts());
        if (h.nextAttemptAt() > 0 && HealJobs.WAITING.equals(j.getStatus())) {
            o.put("next_attempt", java.time.Instant.ofEpochMilli(h.nextAttemptAt()).toString());
        }
        o.put("last_error", j.getLastError());
        o.put("result", h.result());
        return o;
    }
}
