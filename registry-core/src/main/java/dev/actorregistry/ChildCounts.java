package dev.actorregistry;

/**
 * Counts in the shape of OTP's {@code supervisor:count_children/1}.
 *
 * @param specs child specifications: always 1, the registry's one actor type
 * @param active children that are live and accept messages
 * @param supervisors children that supervise others: always 0
 * @param workers all live children, stopping ones included
 */
public record ChildCounts(int specs, int active, int supervisors, int workers) {
}
