package dev.userdirectory;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.grpc.server.service.GrpcService;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The service's package structure: features (user, listing, changefeed, chat, data, edit)
 * are called by the one endpoint and never call it back; the shared infrastructure knows
 * nothing of users.v1's messages, so it can serve any API.
 */
class ArchitectureTests {

	private static final String API = "dev.userdirectory.api.v1..";

	private static final JavaClasses SERVICE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.userdirectory");

	@Test
	void noTwoPackagesDependOnEachOther() {
		slices().matching("dev.userdirectory.(*)..").should().beFreeOfCycles().check(SERVICE);
	}

	@Test
	void theApisTypesStayInTheEndpointTheFeaturesAndTheScopeTable() {
		// security names the API's methods in its one table of required scopes
		// (RpcScopes).
		noClasses().that()
			.resideInAnyPackage("dev.userdirectory", "dev.userdirectory.bulkinsert..", "dev.userdirectory.error..",
					"dev.userdirectory.observability..", "dev.userdirectory.server..", "dev.userdirectory.streaming..",
					"dev.userdirectory.storage..", "dev.userdirectory.tokens..", "dev.userdirectory.validation..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(API)
			.check(SERVICE);
	}

	@Test
	void onlyTheEndpointServesGrpc() {
		classes().that()
			.areAnnotatedWith(GrpcService.class)
			.should()
			.resideInAPackage("dev.userdirectory.endpoint")
			.check(SERVICE);
	}

	@Test
	void noFeatureReachesIntoTheEndpoint() {
		noClasses().that()
			.resideOutsideOfPackage("dev.userdirectory.endpoint")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.userdirectory.endpoint")
			.check(SERVICE);
	}

}
