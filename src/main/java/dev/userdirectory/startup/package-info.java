/**
 * Start-up failures a newcomer meets, each told in one short message with what to do,
 * instead of the stack traces of the libraries involved (Spring Boot failure analyzers,
 * registered in META-INF/spring.factories).
 */
package dev.userdirectory.startup;
