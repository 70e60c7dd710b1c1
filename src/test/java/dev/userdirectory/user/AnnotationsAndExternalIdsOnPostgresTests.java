package dev.userdirectory.user;

import dev.userdirectory.support.OnPostgres;

@OnPostgres
class AnnotationsAndExternalIdsOnPostgresTests extends AbstractAnnotationsAndExternalIdsTests {

}
