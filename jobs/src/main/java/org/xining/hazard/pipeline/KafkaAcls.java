package org.xining.hazard.pipeline;

import org.xining.hazard.schema.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.xining.hazard.profile.CityProfile;
import org.xining.hazard.route.Router;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The Kafka ACLs of least privilege: the pipeline reads the feeds and writes its outputs, each district
 * office reads its own {@code hazard.cases.<code>} and nothing else. Created by an administrator
 * ({@code ./hazard setup --grant-access}) on a broker whose authorizer denies what no ACL allows.
 */
public final class KafkaAcls {

    /** The principal of a district office: {@code User:office-<code>}. */
    public static String officeUser(String districtCode) {
        return "office-" + districtCode;
    }

    private KafkaAcls() {
    }

    /**
     * @param user    the pipeline's SCRAM user
     * @param groupId its consumer group (also the stem of its transactional ids)
     */
    public static List<AclBinding> pipeline(String user, String groupId, Router router) {
        String principal = "User:" + user;
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : Topics.INPUTS) {
            acls.addAll(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL,
                    AclOperation.READ, AclOperation.DESCRIBE, AclOperation.CREATE));
        }
        List<String> outputs = new ArrayList<>(Topics.OUTPUTS);
        outputs.addAll(router.topics());
        for (String topic : outputs) {
            acls.addAll(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL,
                    AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE));
        }
        acls.addAll(allow(principal, ResourceType.GROUP, groupId, PatternType.LITERAL, AclOperation.READ));
        acls.addAll(allow(principal, ResourceType.TRANSACTIONAL_ID, KafkaMode.transactionalIdStem(groupId), PatternType.PREFIXED,
                AclOperation.WRITE, AclOperation.DESCRIBE));
        return acls;
    }

    /** An office reads its own case topic, in consumer groups named after it. */
    public static List<AclBinding> office(String districtCode, Router router) {
        String principal = "User:" + officeUser(districtCode);
        List<AclBinding> acls = new ArrayList<>(allow(principal, ResourceType.TOPIC, router.topic(districtCode), PatternType.LITERAL,
                AclOperation.READ, AclOperation.DESCRIBE));
        acls.addAll(allow(principal, ResourceType.GROUP, officeUser(districtCode), PatternType.PREFIXED, AclOperation.READ));
        return acls;
    }

    /** The offices' desk ({@code ./hazard desk}) connects as {@code User:hazard-desk}. */
    public static final String DESK_USER = "hazard-desk";

    /**
     * The desk sends the offices' updates to {@code case.updates} and reads the offices' case topics
     * (for the reporters' numbers, which no index holds), in consumer groups of its own.
     */
    public static List<AclBinding> desk(Router router, String topicPrefix) {
        String principal = "User:" + DESK_USER;
        List<AclBinding> acls = new ArrayList<>(allow(principal, ResourceType.TOPIC, Topics.CASE_UPDATES, PatternType.LITERAL,
                AclOperation.WRITE, AclOperation.DESCRIBE));
        acls.addAll(allow(principal, ResourceType.TOPIC, topicPrefix, PatternType.PREFIXED, AclOperation.READ, AclOperation.DESCRIBE));
        acls.addAll(allow(principal, ResourceType.GROUP, DESK_USER, PatternType.PREFIXED, AclOperation.READ));
        return acls;
    }

    /** The pipeline's operators: {@code User:hazard-operator} unless told otherwise. */
    public static final String OPERATOR_USER = "hazard-operator";

    /**
     * The dead letters keep whole records as received, names and phone numbers included, for 30 days:
     * only the operators, who replay them once the cause is fixed, read {@code hazard.dlq}.
     */
    public static List<AclBinding> operator(String user) {
        String principal = "User:" + user;
        List<AclBinding> acls = new ArrayList<>(allow(principal, ResourceType.TOPIC, Topics.DEAD_LETTERS, PatternType.LITERAL,
                AclOperation.READ, AclOperation.DESCRIBE));
        acls.addAll(allow(principal, ResourceType.GROUP, user, PatternType.PREFIXED, AclOperation.READ));
        return acls;
    }

    public static int grant(KafkaSettings admin, String pipelineUser, String groupId, CityProfile profile) throws Exception {
        return grant(admin, pipelineUser, OPERATOR_USER, groupId, profile);
    }

    /**
     * Creates the pipeline's ACLs, the operators', the desk's and every office's (creating an existing
     * ACL changes nothing).
     *
     * @param admin settings logging in as a principal allowed to alter ACLs
     * @return how many ACLs are in place
     */
    public static int grant(KafkaSettings admin, String pipelineUser, String operatorUser, String groupId, CityProfile profile)
            throws Exception {
        Router router = new Router(profile);
        List<AclBinding> acls = new ArrayList<>(pipeline(pipelineUser, groupId, router));
        acls.addAll(operator(operatorUser));
        acls.addAll(desk(router, profile.routing().topicPrefix()));
        for (String code : router.districtCodes()) {
            acls.addAll(office(code, router));
        }
        try (Admin client = Admin.create(admin.clientProperties(new Properties()))) {
            client.createAcls(acls).all().get();
        }
        return acls.size();
    }

    private static List<AclBinding> allow(String principal, ResourceType type, String name, PatternType pattern,
                                          AclOperation... operations) {
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation op : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
        }
        return acls;
    }
}
