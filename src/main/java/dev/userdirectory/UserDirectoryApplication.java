package dev.userdirectory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class UserDirectoryApplication {

	public static void main(String[] args) {
		SpringApplication.run(UserDirectoryApplication.class, args);
	}

}
