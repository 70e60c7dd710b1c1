package dev.userdirectory.server;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

import org.springframework.context.ApplicationContext;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.service.DefaultGrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceSpec;
import org.springframework.stereotype.Component;

/**
 * Spring gRPC's service configurer (which Spring Boot then leaves out), binding every
 * service, health and reflection included, through {@link RequestGuard} before it adds
 * the interceptors: a request that cannot be read then fails inside them, where the
 * exception handler and the access log see it.
 */
@Component
class RequestGuardingServiceConfigurer extends DefaultGrpcServiceConfigurer {

	RequestGuardingServiceConfigurer(ApplicationContext context) {
		super(context);
	}

	@Override
	public ServerServiceDefinition configure(GrpcServiceSpec spec, GrpcServerFactory serverFactory) {
		BindableService service = spec.service();
		BindableService guarded = () -> RequestGuard.guard(service.bindService());
		return super.configure(new GrpcServiceSpec(guarded, spec.serviceInfo()), serverFactory);
	}

}
