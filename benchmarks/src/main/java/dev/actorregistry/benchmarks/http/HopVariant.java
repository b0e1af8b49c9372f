package dev.actorregistry.benchmarks.http;

/**
 * One way of serving the deposit: an application (platform or virtual request threads)
 * and the path prefix of one of its endpoints.
 *
 * @param name the name in the results
 * @param port the application's port
 * @param prefix the endpoint's path prefix
 * @param virtualThreads whether the application serves requests on virtual threads
 */
record HopVariant(String name, int port, String prefix, boolean virtualThreads) {

}
