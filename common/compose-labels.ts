/** Labels Docker Compose puts on every container it creates: which project and which service it belongs to. */
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';
